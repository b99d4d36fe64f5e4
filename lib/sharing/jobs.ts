import { and, eq, inArray } from "drizzle-orm";
import type { Keyring } from "@/lib/crypto/secret-box";
import { families, familyPhotoAccounts, members } from "@/lib/db/schema";
import type { PayloadOf } from "@/lib/jobs/queue";
import { provisionPhotosUser, type MemberJobContext } from "@/lib/members/jobs";
import { loadMember } from "@/lib/members/load";
import { sharedAccountFor } from "./accounts";
import { credentialsOf, ensureFamilyAccountUser, ensureGuestSeesLibrary, familyAccountRow } from "./family-accounts";
import type { syncFamilyPhotosQueue } from "@/lib/provisioning/queues";

export type SharingJobContext = MemberJobContext & { keyring: Keyring };

/** The person's active memberships on the tenant, in active families: what decides their photo identity there. */
async function heldMemberships(context: SharingJobContext, identitySub: string, tenantId: number) {
  return context.db
    .select({
      memberId: members.id,
      familyId: members.familyId,
      role: members.role,
      sharingMode: families.sharingMode,
      joinedAt: members.joinedAt,
    })
    .from(members)
    .innerJoin(families, eq(families.id, members.familyId))
    .where(
      and(
        eq(members.identitySub, identitySub),
        eq(members.tenantId, tenantId),
        eq(members.status, "active"),
        eq(families.status, "active"),
      ),
    );
}

/**
 * One person's photo access on one tenant, brought to what their families say, in this order:
 * 1. the family account they should reach exists on the photo server (guests': shared the library);
 * 2. in the individual mode, their own account exists and the family library, if the family had
 *    one, is shared with it, so switching back loses nothing;
 * 3. the shared account written on their identity (or cleared: removed, left, individual);
 * 4. the account they reached before and no longer do has its sessions ended, so a device already
 *    signed in loses it too (everyone else on that account signs in again).
 * Every step is idempotent: the job can run any number of times, in any order with the others.
 */
export async function syncFamilyPhotos(payload: PayloadOf<typeof syncFamilyPhotosQueue>, context: SharingJobContext) {
  const row = await loadMember(context.db, payload.memberId);
  if (!row) return { skipped: "member gone" };
  const { member, tenant } = row;
  const held = await heldMemberships(context, member.identitySub, tenant.id);
  const target = sharedAccountFor(held);
  const photos = context.photos.forTenant(tenant);

  let claims = null;
  if (target) {
    const [family] = await context.db.select().from(families).where(eq(families.id, target.familyId));
    const account = await familyAccountRow(context, tenant, family!, target.kind);
    if (target.kind === "guest") await ensureGuestSeesLibrary(context, tenant, family!, account);
    else await ensureFamilyAccountUser(context, tenant, family!, account);
    claims = { sub: account.subject, email: account.email, name: account.name };
  } else if (held.some((membership) => membership.memberId === member.id)) {
    // Individual mode: their own account, and the family library (if any) shared with it.
    const provisioned = await provisionPhotosUser({ memberId: member.id }, context);
    const [library] = await context.db
      .select()
      .from(familyPhotoAccounts)
      .where(and(eq(familyPhotoAccounts.familyId, member.familyId), eq(familyPhotoAccounts.kind, "library")));
    const ownUserId = "immichUserId" in provisioned ? provisioned.immichUserId : undefined;
    if (library?.immichUserId && ownUserId) await photos.sharePartner(credentialsOf(context, tenant, library), ownUserId);
  }

  if (!member.identityAccountId) return { skipped: "no identity account yet" };
  const before = await context.identity.setSharedAccount(member.identityAccountId, tenant.slug, claims);
  if (before && before.sub !== claims?.sub) {
    const [left] = await context.db
      .select()
      .from(familyPhotoAccounts)
      .where(and(eq(familyPhotoAccounts.tenantId, tenant.id), inArray(familyPhotoAccounts.subject, [before.sub])));
    if (left) await photos.endSessions(credentialsOf(context, tenant, left));
  }
  return { sharedAccount: claims?.email ?? null };
}
