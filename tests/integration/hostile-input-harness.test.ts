/**
 * The property harness (tests/support/hostile-input.ts) is only worth its green if it turns red:
 * a fake action per way of misbehaving, each of which the harness must catch, and one that
 * behaves, which it must let through.
 */
import { randomUUID } from "node:crypto";
import fc from "fast-check";
import { redirect } from "next/navigation";
import { afterAll, describe, expect, it } from "vitest";
import { profiles } from "@/lib/db/schema";
import { logger } from "@/lib/observability/logger";
import { db } from "@/tests/support/db";
import {
  boundDb,
  captureErrorLogs,
  checkActionProperty,
  UNEXPECTED,
  type ActionProperty,
  type ActionStateLike,
} from "@/tests/support/hostile-input";

const errors = captureErrorLogs();
afterAll(() => errors.stop());

function property(action: (form: FormData) => Promise<ActionStateLike>, overrides: Partial<ActionProperty<null>> = {}) {
  return checkActionProperty<null>({
    action: (_previous, form) => action(form),
    spec: { id: fc.constantFrom("1", "2"), name: fc.constantFrom("a", "b") },
    actors: fc.constant(null),
    signIn: () => {},
    legit: () => false,
    errors,
    numRuns: 20,
    ...overrides,
  });
}

/** A verb behind validation: it reads (or writes) the database the composition root hands out. */
const reachDatabase = () => boundDb(db);

describe("the property harness", () => {
  it("lets a well-behaved action through: refused by field or by verb, nothing written", async () => {
    const tally = await property(async (form) => {
      if (form.get("id") !== "1") return { fieldErrors: { id: ["Not found."] } };
      await reachDatabase().select().from(profiles).limit(1);
      return { error: "Your role in this family does not allow this." };
    });
    expect(tally.fieldErrors + tally.error).toBe(20);
  });

  it("catches a refusal that wrote (even one its savepoint undid)", async () => {
    await expect(
      property(async () => {
        await reachDatabase()
          .transaction(async (tx) => {
            await tx.insert(profiles).values({ identitySub: `harness-${randomUUID()}` });
            throw new Error("undone");
          })
          .catch(() => undefined);
        return { error: "Refused." };
      }),
    ).rejects.toThrow(/a refused call wrote to profiles \(\+1 ~0 -0\)/);
  });

  it("catches the unexpected-error answer", async () => {
    await expect(property(async () => ({ error: UNEXPECTED }))).rejects.toThrow(/unexpected-error message/);
  });

  it("catches a success on input that should be refused", async () => {
    await expect(property(async () => ({ ok: true, message: "Done." }))).rejects.toThrow(
      /succeeded \("Done\."\) on input that should be refused/,
    );
  });

  it("lets a legitimate success through", async () => {
    const tally = await property(async () => ({ ok: true, message: "Done." }), { legit: () => true });
    expect(tally.ok).toBe(20);
  });

  it("catches a throw, and a redirect where none is documented", async () => {
    await expect(
      property(async () => {
        throw new TypeError("Cannot read properties of undefined");
      }),
    ).rejects.toThrow(/threw TypeError/);
    await expect(property(async () => redirect("/elsewhere"))).rejects.toThrow(/redirected to \/elsewhere, which this action never does/);
  });

  it("catches an echoed secret, an echoed megabyte, an empty refusal and a logged error", async () => {
    await expect(property(async () => ({ error: "No.", values: { key: "secret" } }), { secretFields: ["key"] })).rejects.toThrow(
      /echoed the secret field key/,
    );
    await expect(property(async () => ({ error: "No.", values: { name: "x".repeat(5000) } }))).rejects.toThrow(/echoed name of 5000 chars/);
    await expect(property(async () => ({ fieldErrors: { id: [] } }))).rejects.toThrow(/no readable message for id/);
    await expect(
      property(async () => {
        logger("action").error("unexpected error", { error: "boom" });
        return { error: "No." };
      }),
    ).rejects.toThrow(/logged an error/);
  });
});
