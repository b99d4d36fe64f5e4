import { describe, expect, it } from "vitest";
import { redirectLogs } from "@/lib/observability/logger";
import { describeError, logRefusal } from "./log";

function captured(body: () => void): Record<string, unknown>[] {
  const lines: string[] = [];
  const restore = redirectLogs((line) => lines.push(line));
  try {
    body();
  } finally {
    restore();
  }
  return lines.map((line) => JSON.parse(line) as Record<string, unknown>);
}

describe("what the server logs", () => {
  it("describes a database error by its kind and code, never its query or parameters", () => {
    const cause = Object.assign(new Error("value too long for index row"), {
      name: "PostgresError",
      code: "54000",
      routine: "index_form_tuple",
    });
    const error = Object.assign(new Error('Failed query: insert into "invites" ... params: secret@example.eu,Anna Rossi'), {
      name: "DrizzleQueryError",
      cause,
    });
    const logged = describeError(error);
    expect(logged).toContain("DrizzleQueryError ← PostgresError code=54000 routine=index_form_tuple");
    expect(logged).not.toMatch(/secret@example\.eu|Anna Rossi|insert into/);
  });

  it("logs a refusal once with the actor's sub and the ids asked for, nothing else", () => {
    const lines = captured(() =>
      logRefusal("sub-123", "an action in the family area", { familyId: 7, memberId: 9, emails: "someone@example.eu" }),
    );
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      level: "warn",
      component: "authz",
      msg: "refused an action in the family area",
      actor: "sub-123",
      ids: { familyId: "7", memberId: "9" },
    });
    expect(JSON.stringify(lines[0])).not.toContain("someone@example.eu");
  });
});
