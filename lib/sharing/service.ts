import { and, eq } from "drizzle-orm";
import type { Actor } from "@/lib/audit/actor";
import { recordAudit } from "@/lib/audit/record";
import type { Database, Executor } from "@/lib/db/connect";
import { families, members, type Family, type Member, type SharingMode } from "@/lib/db/schema";
import { NotFoundError } from "@/lib/errors";
import { message } from "@/lib/i18n/message";
import { enqueueJob } from "@/lib/jobs/outbox";
import { requireMembership } from "@/lib/membership/require";
import { syncFamilyPhotosQueue } from "@/lib/provisioning/queues";
import { enqueueWiring } from "@/lib/tenants/service";

export interface SharingDeps {
  db: Database;
}

/** Queues the photo access of these members to follow what changed (one job each; see syncFamilyPhotos). */
export async function queuePhotoAccessSync(tx: Executor, memberRows: Pick<Member, "id" | "tenantId">[], occurrence: (string | number)[]) {
  for (const member of memberRows) {
    await enqueueJob(tx, {
      queue: syncFamilyPhotosQueue,
      payload: { memberId: member.id },
      subject: { type: "member", id: member.id },
      occurrence,
      tenantId: member.tenantId,
    });
  }
}

/**
 * The owner switches between "each person has their own library" and "one family library".
 * Nothing is deleted either way (docs/sharing.md): the switch is audited, remembers the mode it
 * left so it can be undone, and queues each active member's photo access, plus the tenant's
 * sign-in wiring, which carries the claim mappings the family library needs.
 */
export async function changeSharingMode(
  { actor, input }: { actor: Actor; input: { familyId: number; sharingMode: SharingMode } },
  deps: SharingDeps,
): Promise<Family> {
  return deps.db.transaction(async (tx) => {
    await requireMembership(tx, actor, input.familyId, "family.settings");
    const [current] = await tx.select().from(families).where(eq(families.id, input.familyId)).for("update");
    if (!current) throw new NotFoundError(message("errors.noSuchFamily"));
    if (current.sharingMode === input.sharingMode) return current;
    const now = new Date();
    const [updated] = await tx
      .update(families)
      .set({ sharingMode: input.sharingMode, previousSharingMode: current.sharingMode, sharingModeChangedAt: now, updatedAt: now })
      .where(eq(families.id, current.id))
      .returning();
    const change = await recordAudit(tx, actor, {
      action: "family.sharing_mode.change",
      tenantId: current.tenantId,
      familyId: current.id,
      entity: { type: "family", id: current.id },
      before: { sharingMode: current.sharingMode },
      after: { sharingMode: input.sharingMode },
    });
    const active = await tx
      .select({ id: members.id, tenantId: members.tenantId })
      .from(members)
      .where(and(eq(members.familyId, current.id), eq(members.status, "active")));
    await queuePhotoAccessSync(tx, active, ["audit", change]);
    if (input.sharingMode === "shared_library") await enqueueWiring(tx, { id: current.tenantId }, now);
    return updated!;
  });
}
