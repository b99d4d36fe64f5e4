import { randomUUID } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { auditEvents, families, invites, outboxJobs } from "@/lib/db/schema";
import { ConflictError, ForbiddenError, NotFoundError } from "@/lib/errors";
import { createFamilyInput, familySettingsInput, sharingModeInput } from "@/lib/families/input";
import { changeFamilySettings, createFamily } from "@/lib/families/service";
import type { IdentityPort } from "@/lib/identity/port";
import { acceptInvite } from "@/lib/onboarding/service";
import { inRollback } from "@/tests/support/db";
import { actorOf, createFamilyWithRoles, createMember, createTenant, operatorActor } from "@/tests/support/factories";
import { testKeyring } from "@/tests/support/keyring";

const GB = 1_000_000_000;
const keyring = testKeyring();

/** An identity port that knows one existing account: what acceptance asks of it. */
function identityWith(account: {
  sub: string;
  email: string;
  name: string;
}): Pick<IdentityPort, "invitationExists" | "findAccountsByInvite" | "findAccountsByEmail"> {
  return {
    invitationExists: async () => false,
    findAccountsByInvite: async () => [],
    findAccountsByEmail: async (email) =>
      email.trim().toLowerCase() === account.email
        ? [{ id: "41", sub: account.sub, username: "owner", email: account.email, name: account.name, isActive: true }]
        : [],
  };
}

describe("an operator creates a family", () => {
  it("with an owner invite that goes the invite journey's way, and the owner lands as owner", () =>
    inRollback(async (tx) => {
      const tenant = await createTenant(tx, { defaultFamilyStorageBytes: 300 * GB, seatLimit: 6 });
      const input = createFamilyInput.parse({
        tenantId: String(tenant.id),
        name: "  Bianchi family ",
        storageGb: "",
        ownerEmail: " Giulia@Example.TEST ",
        ownerQuotaGb: "",
      });
      const { family, ownerInvite, ownerInviteToken } = await createFamily({ actor: operatorActor(), input }, { db: tx, keyring });
      expect(family).toMatchObject({
        tenantId: tenant.id,
        name: "Bianchi family",
        storageAllowanceBytes: 300 * GB,
        sharingMode: "individual",
      });
      expect(ownerInvite).toMatchObject({
        familyId: family.id,
        email: "giulia@example.test",
        role: "owner",
        status: "pending",
        quotaBytes: 50 * GB,
        invitedByMemberId: null,
      });
      const jobs = await tx
        .select()
        .from(outboxJobs)
        .where(and(eq(outboxJobs.subjectType, "invite"), eq(outboxJobs.subjectId, String(ownerInvite.id))));
      expect(jobs.map((job) => job.queue).sort()).toEqual(["identity.create-invitation", "mail.send-invite"]);
      const audit = await tx.select().from(auditEvents).where(eq(auditEvents.familyId, family.id));
      expect(audit.map((event) => [event.action, event.actorType]).sort()).toEqual([
        ["family.create", "operator"],
        ["invite.create", "operator"],
      ]);

      const owner = { sub: `sub-${randomUUID()}`, email: "giulia@example.test", name: "Giulia Bianchi" };
      const member = await acceptInvite({ token: ownerInviteToken, person: owner }, { db: tx, identity: identityWith(owner) });
      expect(member).toMatchObject({
        familyId: family.id,
        role: "owner",
        identitySub: owner.sub,
        identityAccountId: "41",
        identityOrigin: "existing",
        quotaBytes: 50 * GB,
      });
      const [accepted] = await tx.select().from(invites).where(eq(invites.id, ownerInvite.id));
      expect(accepted).toMatchObject({ status: "accepted", acceptedMemberId: member.id });
      const memberJobs = await tx
        .select()
        .from(outboxJobs)
        .where(and(eq(outboxJobs.subjectType, "member"), eq(outboxJobs.subjectId, String(member.id))));
      expect(memberJobs.map((job) => [job.queue, job.dedupeKey]).sort()).toEqual([
        ["identity.add-member-to-group", `identity.add-member-to-group:member:${member.id}:invite:${ownerInvite.id}`],
        ["photos.provision-user", `photos.provision-user:member:${member.id}:invite:${ownerInvite.id}`],
      ]);
    }));

  it("refuses a suspended or unknown tenant, and says which field is wrong", () =>
    inRollback(async (tx) => {
      const suspended = await createTenant(tx, { status: "suspended" });
      const input = (tenantId: number) => createFamilyInput.parse({ tenantId: String(tenantId), name: "X", ownerEmail: "x@example.test" });
      await expect(createFamily({ actor: operatorActor(), input: input(suspended.id) }, { db: tx, keyring })).rejects.toBeInstanceOf(
        ConflictError,
      );
      await expect(createFamily({ actor: operatorActor(), input: input(2_000_000_000) }, { db: tx, keyring })).rejects.toBeInstanceOf(
        NotFoundError,
      );
      const bad = createFamilyInput.safeParse({ tenantId: "0", name: " ", ownerEmail: "nope", storageGb: "-1" });
      expect(new Set(bad.error!.issues.map((issue) => issue.path[0]))).toEqual(new Set(["tenantId", "name", "ownerEmail", "storageGb"]));
    }));
});

describe("the owner's family settings", () => {
  it("are the owner's alone, change only what was sent, and are audited", () =>
    inRollback(async (tx) => {
      const tenant = await createTenant(tx);
      const [family] = await tx
        .insert(families)
        .values({ tenantId: tenant.id, name: "Settings family", storageAllowanceBytes: 10 * GB })
        .returning();
      const owner = await createMember(tx, family!, { role: "owner" });
      const admin = await createMember(tx, family!, { role: "admin" });
      await expect(
        changeFamilySettings({ actor: actorOf(admin), input: { familyId: family!.id, immichRemovalPolicy: "keep" } }, { db: tx }),
      ).rejects.toBeInstanceOf(ForbiddenError);
      const updated = await changeFamilySettings(
        { actor: actorOf(owner), input: { familyId: family!.id, immichRemovalPolicy: "keep" } },
        { db: tx },
      );
      expect(updated).toMatchObject({ immichRemovalPolicy: "keep", name: "Settings family" });
      const [audit] = await tx
        .select()
        .from(auditEvents)
        .where(and(eq(auditEvents.familyId, family!.id), eq(auditEvents.action, "family.settings.change")));
      expect(audit).toMatchObject({
        actorSub: owner.identitySub,
        before: { immichRemovalPolicy: "soft_delete" },
        after: { immichRemovalPolicy: "keep" },
      });
      const stranger = { type: "member" as const, sub: "not-a-member", label: "Stranger" };
      await expect(
        changeFamilySettings({ actor: stranger, input: { familyId: family!.id, immichRemovalPolicy: "soft_delete" } }, { db: tx }),
      ).rejects.toBeInstanceOf(NotFoundError);
      const [after] = await tx.select().from(families).where(eq(families.id, family!.id));
      expect(after!.immichRemovalPolicy).toBe("keep");
    }));
});

describe("the owner's family settings", () => {
  it("change name, mail language and removal policy; only what differs is written and audited", () =>
    inRollback(async (tx) => {
      const { family, owner } = await createFamilyWithRoles(tx);
      const updated = await changeFamilySettings(
        {
          actor: actorOf(owner),
          input: { familyId: family.id, name: "Rossi-Bianchi", defaultLocale: "de", immichRemovalPolicy: family.immichRemovalPolicy },
        },
        { db: tx },
      );
      expect(updated).toMatchObject({ name: "Rossi-Bianchi", defaultLocale: "de" });
      const [audit] = await tx
        .select()
        .from(auditEvents)
        .where(and(eq(auditEvents.familyId, family.id), eq(auditEvents.action, "family.settings.change")));
      expect(audit!.before).toEqual({ name: family.name, defaultLocale: family.defaultLocale });
      expect(audit!.after).toEqual({ name: "Rossi-Bianchi", defaultLocale: "de" });
      const again = await changeFamilySettings(
        { actor: actorOf(owner), input: { familyId: family.id, name: "Rossi-Bianchi" } },
        { db: tx },
      );
      expect(again.updatedAt).toEqual(updated.updatedAt);
    }));

  it("refuses a blank or overlong name and an unknown sharing mode, next to the field", () => {
    const schema = familySettingsInput;
    expect(schema.safeParse({ familyId: "1", name: "   " }).error?.issues[0]).toMatchObject({
      path: ["name"],
      message: "validation.familyName",
    });
    expect(schema.safeParse({ familyId: "1", name: "x".repeat(101) }).error?.issues[0]).toMatchObject({ message: "validation.tooLong" });
    expect(sharingModeInput.safeParse({ familyId: "1", sharingMode: "everyone" }).error?.issues[0]).toMatchObject({
      path: ["sharingMode"],
      message: "validation.sharingMode",
    });
    expect(sharingModeInput.parse({ familyId: "1", sharingMode: "shared_library" })).toEqual({
      familyId: 1,
      sharingMode: "shared_library",
    });
    expect(schema.safeParse({ familyId: "1", defaultLocale: "es" }).error?.issues[0]).toMatchObject({ message: "validation.locale" });
  });
});
