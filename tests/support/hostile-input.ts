/**
 * Hostile form input for property-based tests (fast-check) of server actions and route
 * handlers, and the means to check that a refused call wrote nothing: every case runs in a
 * transaction that is rolled back, so the world is the same for each case, and a refusal
 * must have inserted, updated and deleted no row (Postgres's own per-transaction counters).
 */
import fc from "fast-check";
import { expect } from "vitest";
import { sql } from "drizzle-orm";
import type { Database } from "@/lib/db/connect";
import { redirectLogs } from "@/lib/observability/logger";
import { db } from "@/tests/support/db";

/** A form field as a browser (or anyone with curl) can send it: absent, a string, a file, or repeated. */
export type FieldValue = string | File | (string | File)[] | undefined;
export type Fields = Record<string, FieldValue>;

/** Numbers as forms send them, at and past every edge: int4, int8, doubles, other scripts' digits. */
export const EDGE_NUMBERS = [
  "0",
  "-0",
  "-1",
  "1.5",
  "0.0000001",
  "1e3",
  "1e309",
  "-1e309",
  "2147483647",
  "2147483648",
  "-2147483648",
  "-2147483649",
  "4294967296",
  "9007199254740993",
  "9223372036854775808",
  "99999999999999999999",
  "1".repeat(400),
  "0x10",
  "0b11",
  "0o7",
  "+1",
  " 1",
  "1 ",
  "01",
  "1_000",
  "1,5",
  "1\u0000",
  "١٢٣",
  "１２",
  "NaN",
  "Infinity",
  "-Infinity",
];

/** Text that has broken parsers, databases and pages before. */
export const EDGE_TEXT = [
  "",
  " ",
  "\t\r\n",
  "\u0000",
  "a\u0000b",
  "\u0000".repeat(64),
  "\u202Eevil\u202C",
  "مرحبا بالعالم",
  "שלום",
  "👨‍👩‍👧‍👦".repeat(3),
  "\uFEFF",
  "\u200B\u200D",
  "Z\u0351\u036B\u0343\u036A\u0302\u036B\u033D\u034F\u0334\u0319\u0324\u031E",
  "\uD800",
  "\uDFFF\uD800",
  "'; drop table members; --",
  "%",
  "_",
  "\\",
  '"',
  "<script>alert(1)</script>",
  "${7*7}{{7*7}}",
  "../../etc/passwd",
  "null",
  "undefined",
  "true",
  "[]",
  "{}",
  "[object Object]",
  "__proto__",
  "constructor",
  "a@b",
  "x@example.test",
  "x@example.test, y@example.test",
  "http://127.0.0.1:1/",
  "javascript:alert(1)",
];

/** Up to 200 kB, computed once: long enough for any field's bound, short enough for 500 cases. */
export const HUGE_TEXT = [
  "x".repeat(200_000),
  "9".repeat(200_000),
  "😀".repeat(50_000),
  "\u202E".repeat(20_000),
  "a@b.eu,".repeat(25_000),
  "\u0000".repeat(5_000),
  " ".repeat(100_000) + "1",
];

/**
 * Any code point, lone surrogates included: what fc.string's "binary" unit draws, without the
 * ~3 s that unit takes to build (per test file) before its first value.
 */
const anyCodePoint = fc.integer({ min: 0, max: 0x10ffff }).map((codePoint) => String.fromCodePoint(codePoint));

/** Any string a hostile client might send in a field. */
export const hostileText: fc.Arbitrary<string> = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...EDGE_NUMBERS, ...EDGE_TEXT) },
  { weight: 2, arbitrary: fc.string({ unit: anyCodePoint, maxLength: 40 }) },
  { weight: 2, arbitrary: fc.string({ unit: "grapheme", maxLength: 300 }) },
  { weight: 2, arbitrary: fc.oneof(fc.integer(), fc.bigInt(), fc.double(), fc.maxSafeInteger()).map(String) },
  { weight: 1, arbitrary: fc.constantFrom(...HUGE_TEXT) },
);

/** A file where a text field belongs (multipart forms allow it anywhere). */
const fileValue: fc.Arbitrary<File> = fc
  .constantFrom("1", "x".repeat(10_000), "\u0000")
  .map((content) => new File([content], "upload.bin", { type: "application/octet-stream" }));

/** A valid value spoiled a little: noise before or after it (a blank, a NUL, an RTL mark, digits, an emoji). */
const spoiled = (valid: fc.Arbitrary<string>) =>
  fc
    .tuple(valid, fc.constantFrom(" ", "\u0000", "\u202E", "abc", "0", "-", ".5", "e3", "😀", "\n"), fc.boolean())
    .map(([value, noise, before]) => (before ? noise + value : value + noise));

/** One field: mostly a valid value, a near miss or a hostile one, sometimes missing, a file or repeated. */
export function fieldValue(valid: fc.Arbitrary<string>, edge?: fc.Arbitrary<string>): fc.Arbitrary<FieldValue> {
  return fc.oneof(
    { weight: 5, arbitrary: valid },
    { weight: edge ? 3 : 0, arbitrary: edge ?? valid },
    { weight: 5, arbitrary: hostileText },
    { weight: 2, arbitrary: spoiled(valid) },
    { weight: 1, arbitrary: fc.constant(undefined) },
    { weight: 1, arbitrary: fileValue },
    { weight: 1, arbitrary: fc.array(fc.oneof(valid, hostileText), { minLength: 2, maxLength: 3 }) },
  );
}

/** Keys a form never has: framework-looking, prototype-looking, or random. */
const extraKey = fc.oneof(
  fc.constantFrom("$ACTION_ID_0123", "$ACTION_REF_1", "__proto__", "constructor", "prototype", "toString", "id", "tenantId[]", "role "),
  fc.string({ maxLength: 12 }),
);

export interface HostileForm {
  fields: Fields;
  extras: [string, string][];
}

/**
 * Per field: its valid values (a valid form is one valid value per field), or those and the
 * near misses worth trying (out of range by one, the wrong enum member, a taken slug).
 */
export type FormSpec = Record<string, fc.Arbitrary<string> | { valid: fc.Arbitrary<string>; edge: fc.Arbitrary<string> }>;

const validOf = (field: FormSpec[string]) => ("valid" in field ? field.valid : field);
const edgeOf = (field: FormSpec[string]) => ("valid" in field ? field.edge : undefined);

/**
 * Whole forms: either every field drawn at random (valid, near miss, hostile, missing,
 * repeated), or a valid form with one field made hostile or a near miss, so that the service
 * verbs behind validation run too. Extra fields come along with either.
 */
export function hostileForm(spec: FormSpec): fc.Arbitrary<HostileForm> {
  const names = Object.keys(spec);
  const random = fc.record(
    Object.fromEntries(names.map((name) => [name, fieldValue(validOf(spec[name]!), edgeOf(spec[name]!))])),
  ) as fc.Arbitrary<Fields>;
  const oneOff = fc.constantFrom(...names).chain((odd) =>
    fc.record(
      Object.fromEntries(
        names.map((name) => {
          const edge = edgeOf(spec[name]!);
          const spoilt = edge ? fc.oneof(fieldValue(hostileText), edge) : fieldValue(hostileText);
          return [name, name === odd ? spoilt : validOf(spec[name]!)];
        }),
      ),
    ),
  ) as fc.Arbitrary<Fields>;
  const valid = fc.record(Object.fromEntries(names.map((name) => [name, validOf(spec[name]!)]))) as fc.Arbitrary<Fields>;
  const extras = fc.array(fc.tuple(extraKey, hostileText), { maxLength: 3 }).map((pairs) => pairs.filter(([key]) => !names.includes(key)));
  return fc.record({
    fields: fc.oneof({ weight: 4, arbitrary: random }, { weight: 5, arbitrary: oneOff }, { weight: 1, arbitrary: valid }),
    extras,
  });
}

export function toFormData({ fields, extras }: HostileForm): FormData {
  const data = new FormData();
  for (const [name, value] of Object.entries(fields)) {
    if (value === undefined) continue;
    for (const one of Array.isArray(value) ? value : [value]) data.append(name, one);
  }
  for (const [key, value] of extras) data.append(key, value);
  return data;
}

/** What the server reads for a field (the last of repeated keys, as Object.fromEntries does); undefined for none or a file. */
export function sent(form: HostileForm, name: string): string | undefined {
  const value = form.fields[name];
  const last = Array.isArray(value) ? value[value.length - 1] : value;
  // FormData stores strings as USVStrings: lone surrogates arrive as U+FFFD.
  return typeof last === "string" ? last.toWellFormed() : undefined;
}

/**
 * Postgres's per-backend counters of rows inserted, updated and deleted, per table of the
 * portal's schema (pg_stat_get_xact_*). They also hold earlier transactions' counts not yet
 * flushed, so a case reads them at its start and at its end: the difference is what it wrote,
 * even where a savepoint rolled it back (so "nothing" also means "nothing tried").
 */
export async function writeCounters(tx: Database): Promise<Map<string, string>> {
  const rows = (await tx.execute(sql`
    select c.relname::text as "table",
      pg_stat_get_xact_tuples_inserted(c.oid) || ' ' || pg_stat_get_xact_tuples_updated(c.oid) || ' ' || pg_stat_get_xact_tuples_deleted(c.oid) as counts
    from pg_class c
    where c.relkind in ('r', 'p') and c.relnamespace = 'public'::regnamespace
      and pg_stat_get_xact_tuples_inserted(c.oid) + pg_stat_get_xact_tuples_updated(c.oid) + pg_stat_get_xact_tuples_deleted(c.oid) > 0`)) as unknown as {
    table: string;
    counts: string;
  }[];
  return new Map(rows.map((row) => [row.table, row.counts]));
}

/** The tables whose counters moved between two readings, with what moved (+inserted ~updated -deleted). */
export function writesBetween(before: Map<string, string>, after: Map<string, string>): string[] {
  const changed: string[] = [];
  for (const [table, counts] of after) {
    const [i0, u0, d0] = (before.get(table) ?? "0 0 0").split(" ").map(Number);
    const [i1, u1, d1] = counts.split(" ").map(Number);
    if (i1 !== i0 || u1 !== u0 || d1 !== d0) changed.push(`${table} (+${i1! - i0!} ~${u1! - u0!} -${d1! - d0!})`);
  }
  return changed;
}

/**
 * The counters read without waiting: queued on the transaction's connection now, so they are
 * read before anything queued later (Postgres answers a connection's queries in order), and
 * their round trip overlaps the call's. The reading is awaited later (and only then rejects).
 */
async function queuedCounters(tx: Database): Promise<() => Promise<Map<string, string>>> {
  const reading = writeCounters(tx);
  reading.catch(() => undefined); // awaited later: not an unhandled rejection meanwhile
  // postgres.js hands a query to its connection a microtask after it is awaited: let it get there first.
  for (let tick = 0; tick < 4; tick += 1) await null;
  return () => reading;
}

/** What a rolled-back case wrote, from counters read at its start and end; an aborted transaction counts as a write. */
async function writesOf(before: () => Promise<Map<string, string>>, after: (() => Promise<Map<string, string>>) | undefined) {
  if (!after) return [];
  try {
    return writesBetween(await before(), await after());
  } catch (error) {
    return [`(the transaction was aborted: ${(error as Error).message.split("\n")[0]})`];
  }
}

/** Row counts of every table of the portal's schema, committed: a whole property's cases, all rolled back, leave them as they were. */
export async function committedCounts(): Promise<Record<string, number>> {
  const tables = (await db.execute(
    sql`select relname::text as name from pg_class where relkind in ('r', 'p') and relnamespace = 'public'::regnamespace order by 1`,
  )) as unknown as { name: string }[];
  const [row] = (await db.execute(
    sql.raw(`select ${tables.map(({ name }) => `(select count(*) from "${name}")::int as "${name}"`).join(", ")}`),
  )) as unknown as Record<string, number>[];
  return { ...row };
}

class Rollback extends Error {}

/** Thrown where a case in a dry run reached for the database: the case then runs for real. */
export class TouchedDatabase extends Error {
  constructor() {
    super("a dry run reached for the database");
  }
}

/** Where the mocked composition root's `db` points: a case's transaction, or a tripwire for a dry run. */
const binding: { tx: Database | undefined; dryRun: boolean; touched: boolean } = { tx: undefined, dryRun: false, touched: false };

/**
 * The database the mocked composition root hands out (its `db` getter calls this): the
 * current case's transaction, else `fallback`; in a dry run, nothing (it throws and remembers).
 */
export function boundDb<D>(fallback: D): D {
  if (binding.dryRun) {
    binding.touched = true;
    throw new TouchedDatabase();
  }
  return (binding.tx as D | undefined) ?? fallback;
}

/**
 * Runs `call` with the database out of reach: most hostile input is refused before anything
 * reads the database, and then needs no transaction. Returns undefined when the call did reach
 * for it (its outcome is then meaningless and the case must run in a transaction).
 */
export async function dryRun<T>(call: () => Promise<T>): Promise<Settled<T> | undefined> {
  binding.dryRun = true;
  binding.touched = false;
  try {
    const outcome = await settle(call);
    return binding.touched ? undefined : outcome;
  } finally {
    binding.dryRun = false;
  }
}

/**
 * Runs one case in a transaction that is always rolled back, with the mocked composition
 * root pointed at it. The body gets the transaction to look at what the call wrote before it
 * is undone.
 */
export async function rolledBack<T>(body: (tx: Database) => Promise<T>): Promise<T> {
  let result: T | undefined;
  try {
    await db.transaction(async (tx) => {
      binding.tx = tx as unknown as Database;
      try {
        result = await body(tx as unknown as Database);
      } finally {
        binding.tx = undefined;
      }
      throw new Rollback();
    });
  } catch (error) {
    if (!(error instanceof Rollback)) throw error;
  }
  return result as T;
}

export type Settled<T> =
  { kind: "returned"; value: T } | { kind: "redirect"; location: string } | { kind: "notFound" } | { kind: "thrown"; error: unknown };

/** What a server action or handler did: returned, redirected / not found (Next's control flow), or threw. */
export async function settle<T>(call: () => Promise<T>): Promise<Settled<T>> {
  try {
    return { kind: "returned", value: await call() };
  } catch (error) {
    const digest = (error as { digest?: unknown })?.digest;
    if (typeof digest === "string" && digest.startsWith("NEXT_REDIRECT;"))
      return { kind: "redirect", location: digest.split(";").slice(2, -2).join(";") };
    if (typeof digest === "string" && digest.startsWith("NEXT_HTTP_ERROR_FALLBACK;404")) return { kind: "notFound" };
    return { kind: "thrown", error };
  }
}

/** Error-level log lines while a suite runs: an action's "unexpected error", a route's "request failed". */
export function captureErrorLogs(): { lines: string[]; stop: () => void } {
  const lines: string[] = [];
  const stop = redirectLogs((line) => lines.push(line), "error");
  return { lines, stop };
}

/** How a case is described when it fails: long values shortened, files named. */
export function describeForm(form: HostileForm): string {
  const show = (value: FieldValue): unknown =>
    value === undefined
      ? "(missing)"
      : Array.isArray(value)
        ? value.map(show)
        : value instanceof File
          ? `(file of ${value.size} bytes)`
          : value.length > 80
            ? `${JSON.stringify(value.slice(0, 40))}… (${value.length} chars)`
            : JSON.stringify(value);
  return JSON.stringify({
    fields: Object.fromEntries(Object.entries(form.fields).map(([k, v]) => [k, show(v)])),
    extras: form.extras.map(([k, v]) => [k, show(v)]),
  });
}

/** The form-level answer for anything a verb did not expect (the raw error is only logged). */
export const UNEXPECTED = "Something went wrong and nothing was changed. Please try again.";
/** Longer values are never echoed to the form (lib/platform/define-action.ts). */
const MAX_ECHOED_VALUE = 4000;

export interface ActionStateLike {
  ok?: boolean;
  message?: string;
  error?: string;
  fieldErrors?: Record<string, string[]>;
  values?: Record<string, string>;
}

export interface Tally {
  ok: number;
  redirect: number;
  /** Refused next to a field (zod or a verb's ValidationError). */
  fieldErrors: number;
  /** Refused with a form-level error: the call got past validation to a verb. */
  error: number;
}

export const newTally = (): Tally => ({ ok: 0, redirect: 0, fieldErrors: 0, error: 0 });

/** How many cases of a property reached the database (and so ran in a transaction), by property. */
export const reachedDatabase = new Map<Tally, number>();

/**
 * The verdict on one call of a server action (defineAction): a legitimate success, a
 * documented redirect, or a refusal that names a field or the form, is never the
 * "unexpected" answer, echoes no secret or hostile megabyte, and wrote nothing.
 * Returns which outcome it was. Throws (an assertion) on anything else.
 */
export function judgeActionOutcome(
  outcome: Settled<ActionStateLike>,
  options: {
    legit: boolean;
    redirects: boolean;
    wroteNothing: () => void;
    secretFields?: string[];
    describe: string;
  },
): keyof Tally {
  const fail = (why: string): never => {
    throw new Error(`${why}\n  input: ${options.describe}`);
  };
  if (outcome.kind === "thrown") {
    const error = outcome.error as Error;
    return fail(`threw ${error?.name}: ${error?.message}`);
  }
  if (outcome.kind === "notFound") return fail("called notFound()");
  if (outcome.kind === "redirect") {
    if (!options.redirects) return fail(`redirected to ${outcome.location}, which this action never does`);
    if (!options.legit) return fail(`succeeded (redirect to ${outcome.location}) on input that should be refused`);
    return "redirect";
  }
  const state = outcome.value;
  if (state === null || typeof state !== "object") return fail(`answered ${String(state)}`);
  for (const [key, value] of Object.entries(state.values ?? {})) {
    if (typeof value !== "string" || value.length > MAX_ECHOED_VALUE) fail(`echoed ${key} of ${String(value).length} chars`);
    if (options.secretFields?.includes(key)) fail(`echoed the secret field ${key}`);
  }
  if (state.ok === true) {
    if (typeof state.message !== "string" || state.message.length === 0) fail("succeeded without a message");
    if (!options.legit) fail(`succeeded ("${state.message}") on input that should be refused`);
    return "ok";
  }
  if (state.ok !== undefined) fail(`answered ok=${String(state.ok)}`);
  if (state.error === UNEXPECTED) fail("answered the unexpected-error message (the verb threw something untyped)");
  options.wroteNothing();
  if (state.fieldErrors) {
    const entries = Object.entries(state.fieldErrors);
    if (entries.length === 0) fail("answered an empty fieldErrors");
    for (const [field, texts] of entries)
      if (!Array.isArray(texts) || texts.length === 0 || texts.some((text) => typeof text !== "string" || text.length === 0))
        fail(`answered no readable message for ${field}`);
    return "fieldErrors";
  }
  if (typeof state.error !== "string" || state.error.length === 0) return fail(`refused without saying why: ${JSON.stringify(state)}`);
  return "error";
}

/** Asserts that a refused call wrote nothing, naming what it wrote. */
export function noWrites(writes: string[], describe: string): void {
  if (writes.length > 0) throw new Error(`a refused call wrote to ${writes.join(", ")}\n  input: ${describe}`);
}

export const NUM_RUNS = 500;

export interface ActionProperty<A> {
  action: (previous: ActionStateLike, formData: FormData) => Promise<ActionStateLike>;
  spec: FormSpec;
  /** Who calls: people the action admits, so that it is the input that is judged. */
  actors: fc.Arbitrary<A>;
  signIn: (actor: A) => void;
  /** Whether a success on this input, by this actor, is legitimate (seen in the rolled-back transaction). */
  legit: (form: HostileForm, actor: A, tx: Database) => boolean | Promise<boolean>;
  redirects?: boolean;
  secretFields?: string[];
  errors: { lines: string[] };
  numRuns?: number;
  /**
   * Inputs of a product bug already reported (and reproduced by its own `it.fails`), left out
   * so that the property keeps guarding everything else; the cases are drawn in their place.
   */
  knownBug?: (form: HostileForm) => boolean;
}

/** At least NUM_RUNS hostile forms through one action, each in its own rolled-back transaction. */
export async function checkActionProperty<A>(property: ActionProperty<A>): Promise<Tally> {
  const tally = newTally();
  const before = await committedCounts();
  await assertProperty(
    fc.asyncProperty(hostileForm(property.spec), property.actors, async (form, actor) => {
      fc.pre(!property.knownBug?.(form));
      property.signIn(actor);
      const logged = property.errors.lines.length;
      const describe = describeForm(form);
      const judge = (outcome: Settled<ActionStateLike>, legit: boolean, writes: string[]) =>
        judgeActionOutcome(outcome, {
          legit,
          redirects: property.redirects ?? false,
          secretFields: property.secretFields,
          describe,
          wroteNothing: () => noWrites(writes, describe),
        });
      // Most cases are refused before the database: judged at once, without a transaction.
      const dry = await dryRun(() => property.action({}, toFormData(form)));
      const refusedDry = dry?.kind === "returned" && dry.value?.ok !== true;
      if (!refusedDry) property.errors.lines.length = logged; // what the dry run logged is not the case's
      let verdict: keyof Tally;
      if (refusedDry) verdict = judge(dry as Settled<ActionStateLike>, false, []);
      else {
        reachedDatabase.set(tally, (reachedDatabase.get(tally) ?? 0) + 1);
        const run = await rolledBack(async (tx) => {
          const before = await queuedCounters(tx);
          const outcome = await settle(() => property.action({}, toFormData(form)));
          const succeeded = outcome.kind === "redirect" || (outcome.kind === "returned" && outcome.value?.ok === true);
          // A refusal's closing counters travel with the rollback; a success's oracle may read the transaction.
          const after = succeeded ? undefined : await queuedCounters(tx);
          return { outcome, before, after, legit: succeeded && (await property.legit(form, actor, tx)) };
        });
        verdict = judge(run.outcome as Settled<ActionStateLike>, run.legit, await writesOf(run.before, run.after));
      }
      const lines = property.errors.lines.slice(logged);
      if (lines.length > 0) throw new Error(`logged an error: ${lines.join("\n")}\n  input: ${describe}`);
      tally[verdict] += 1;
    }),
    property.numRuns ?? NUM_RUNS,
  );
  // Every case was rolled back: nothing reached the database outside its transaction.
  expect(await committedCounts()).toEqual(before);
  return tally;
}

/**
 * fc.assert, with a failure told in a few lines: a 200 kB counterexample is shortened (the
 * failing check's own message already describes the input), and the seed and path replay it.
 */
export async function assertProperty<T>(property: fc.IAsyncProperty<T>, numRuns: number = NUM_RUNS): Promise<void> {
  const details = await fc.check(property, { numRuns, maxSkipsPerRun: 10 });
  if (!details.failed) return;
  const cause = details.errorInstance as Error | undefined;
  const shown = JSON.stringify(details.counterexample, (_key, value: unknown) =>
    typeof value === "string" && value.length > 120
      ? `${value.slice(0, 60)}… (${value.length} chars)`
      : value instanceof File
        ? `(file of ${value.size} bytes)`
        : value,
  );
  throw new Error(
    `property failed after ${details.numRuns} run(s), shrunk ${details.numShrinks} time(s); replay with { seed: ${details.seed}, path: "${details.counterexamplePath}" }\n` +
      `counterexample: ${shown}\n${cause?.message ?? String(details.errorInstance)}`,
  );
}

/**
 * One case of anything that is not a defineAction form (an onboarding action, a route): a dry
 * run first, then, if it reached for the database, the real run in a rolled-back transaction
 * with what it wrote. `reset` puts per-case state (a cookie jar) back before each run;
 * `readOnly` handlers run on the database directly (nothing to roll back, and a failing read
 * cannot abort a transaction the check needs); `noDryRun` is for handlers that cache what they
 * read (a dry run would cache its failure). What the dry run logged is dropped when it reruns.
 */
export async function runCase<T, R>(
  call: () => Promise<T>,
  judge: (outcome: Settled<T>, writes: string[], tx: Database) => R | Promise<R>,
  options: { reset?: () => void; errors?: { lines: string[] }; readOnly?: boolean; noDryRun?: boolean } = {},
): Promise<R> {
  const logged = options.errors?.lines.length ?? 0;
  options.reset?.();
  const dry = options.noDryRun ? undefined : await dryRun(call);
  if (dry) return judge(dry, [], db);
  if (options.errors) options.errors.lines.length = logged;
  options.reset?.();
  if (options.readOnly) return judge(await settle(call), [], db);
  return rolledBack(async (tx) => {
    const before = await queuedCounters(tx);
    const outcome = await settle(call);
    return judge(outcome, await writesOf(before, await queuedCounters(tx)), tx);
  });
}
