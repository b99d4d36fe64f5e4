import { describe, expect, it } from "vitest";
import { createInvitesInput } from "@/lib/invites/input";
import { changeQuotaInput } from "@/lib/members/input";
import { registerTenantInput } from "@/lib/tenants/input";
import { translatorFor, type Translate } from "@/lib/i18n/translate";
import { fieldErrorsOf } from "@/lib/i18n/zod-errors";

const german = translatorFor("de") as unknown as Translate;

function errorsOf(schema: { safeParse: (input: unknown) => { success: boolean; error?: unknown } }, input: unknown, t = german) {
  const parsed = schema.safeParse(input);
  expect(parsed.success).toBe(false);
  return fieldErrorsOf(parsed.error as Parameters<typeof fieldErrorsOf>[0], t);
}

describe("fieldErrorsOf", () => {
  it("writes a schema's own messages in the reader's language", () => {
    const errors = errorsOf(createInvitesInput, { familyId: "1", emails: "", role: "boss" });
    expect(errors.emails).toEqual([german("validation.emailsRequired")]);
    expect(errors.role).toEqual([german("validation.role")]);
    expect(errors.emails![0]).not.toMatch(/Enter/);
  });

  it("gives zod's own checks a line in the catalogue, with their numbers", () => {
    const errors = errorsOf(registerTenantInput, { slug: "Not A Slug!", displayName: "x".repeat(101), immichUrl: "", immichApiKey: "" });
    expect(errors.displayName).toEqual([german("validation.tooLong", { maximum: 100 })]);
    expect(errors.slug).toEqual([german("validation.slug")]);
    expect(errors.immichUrl).toEqual([german("validation.immichUrl")]);
  });

  it("never shows a raw key or zod's English", () => {
    const messages = Object.values(errorsOf(changeQuotaInput, { familyId: "x", memberId: "-1", quotaGb: "lots" })).flat();
    expect(messages.length).toBeGreaterThan(0);
    for (const text of messages) {
      expect(text).not.toMatch(/^validation\.|Invalid input|expected/);
    }
  });
});

describe("fieldErrorsOf on a union", () => {
  it("says why the number failed, not that no branch matched", () => {
    const errors = errorsOf(createInvitesInput, { familyId: "1", emails: "a@b.test", role: "member", quotaGb: "-4" });
    expect(errors.quotaGb).toEqual([german("validation.gbNegative")]);
  });
});
