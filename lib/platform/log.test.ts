import { describe, expect, it } from "vitest";
import { describeError, logRefusal } from "./log";

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
    const lines: string[] = [];
    const warn = console.warn;
    console.warn = (line: string) => lines.push(line);
    try {
      logRefusal("sub-123", "an action in the family area", { familyId: 7, memberId: 9, emails: "someone@example.eu" });
    } finally {
      console.warn = warn;
    }
    expect(lines).toEqual(["[authz] refused an action in the family area for sub-123 (familyId=7 memberId=9)"]);
  });
});
