/**
 * `npm run bench`: the figures the issues ask for, one line each: `bench <name> <value> <unit>`.
 * Refusing a hostile invite list (issue 8): the form schema's bound, and the parser on its own.
 */
import { createInvitesInput } from "../../lib/invites/input";
import { parseEmailList } from "../../lib/invites/emails";

function median(runs: number, body: () => void): number {
  const times: number[] = [];
  for (let run = 0; run < runs; run += 1) {
    const started = performance.now();
    body();
    times.push(performance.now() - started);
  }
  return times.sort((a, b) => a - b)[Math.floor(times.length / 2)]!;
}

const list = Array.from({ length: 100_000 }, (_, i) => `u${i}@ex.eu`).join(","); // about 1.3 MB
const refused = median(21, () => {
  if (createInvitesInput.safeParse({ familyId: "1", emails: list, role: "guest" }).success) throw new Error("a 1 MB list was accepted");
});
const parsed = median(5, () => parseEmailList(list));
console.log(`bench invite-list-refusal-${Math.round(list.length / 1024)}kb ${refused.toFixed(2)} ms`);
console.log(`bench invite-list-parse-${Math.round(list.length / 1024)}kb ${parsed.toFixed(1)} ms`);
