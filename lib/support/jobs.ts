import { and, eq, isNotNull } from "drizzle-orm";
import { revokeSessionsOf } from "@/lib/auth/sessions";
import { encryptSecret, type Keyring } from "@/lib/crypto/secret-box";
import type { Database } from "@/lib/db/connect";
import { members, supportRecoveryLinks } from "@/lib/db/schema";
import type { IdentityPort } from "@/lib/identity/port";
import type { PayloadOf } from "@/lib/jobs/queue";
import { isSuspended } from "@/lib/membership/suspension";
import type { PhotosPort } from "@/lib/photos/port";
import { loadMember } from "@/lib/members/load";
import type {
  createRecoveryLinkQueue,
  reactivateAccountQueue,
  resetMfaQueue,
  restorePhotosUserQueue,
  sendRecoveryEmailQueue,
  suspendAccountQueue,
} from "./queues";

export interface SupportJobContext {
  db: Database;
  identity: IdentityPort;
  photos: PhotosPort;
  keyring: Keyring;
}

/** The recovery link sealed at rest: only the agent who asked can unseal it, once. */
export const recoveryLinkContext = (linkId: number) => `support-recovery-link:${linkId}`;

/** The person's identity accounts (normally one), from their memberships. */
async function accountsOf(db: Database, sub: string): Promise<string[]> {
  const rows = await db
    .selectDistinct({ accountId: members.identityAccountId })
    .from(members)
    .where(and(eq(members.identitySub, sub), isNotNull(members.identityAccountId)));
  return rows.map((row) => row.accountId!);
}

export async function resetMfa(payload: PayloadOf<typeof resetMfaQueue>, context: SupportJobContext) {
  let removed = 0;
  for (const accountId of await accountsOf(context.db, payload.sub)) {
    const devices = await context.identity.listMfaDevices(accountId);
    for (const device of devices) {
      if (device.kind === "other") continue;
      if (payload.deviceId && (device.id !== payload.deviceId || device.kind !== payload.deviceKind)) continue;
      await context.identity.resetMfaDevice({ id: device.id, kind: device.kind });
      removed += 1;
    }
  }
  // Family pages read the MFA state from Postgres: ask for it again rather than guess what is left.
  if (removed > 0) await context.db.update(members).set({ liveCheckedAt: null }).where(eq(members.identitySub, payload.sub));
  return { removed };
}

export async function sendRecoveryEmail(payload: PayloadOf<typeof sendRecoveryEmailQueue>, context: SupportJobContext) {
  const [accountId] = await accountsOf(context.db, payload.sub);
  if (!accountId) return { skipped: "no account" };
  await context.identity.sendRecoveryEmail(accountId);
}

export async function createRecoveryLink(payload: PayloadOf<typeof createRecoveryLinkQueue>, context: SupportJobContext) {
  const [row] = await context.db.select().from(supportRecoveryLinks).where(eq(supportRecoveryLinks.id, payload.linkId));
  if (!row || row.readyAt || row.revealedAt) return { skipped: "already made" };
  const link = await context.identity.recoveryLink(row.identityAccountId);
  await context.db
    .update(supportRecoveryLinks)
    .set({ linkSealed: encryptSecret(context.keyring, link, recoveryLinkContext(row.id)), readyAt: new Date() })
    .where(eq(supportRecoveryLinks.id, row.id));
}

/** Switches the person's account off and ends their portal sessions, while they are still suspended. */
export async function suspendAccount(payload: PayloadOf<typeof suspendAccountQueue>, context: SupportJobContext) {
  if (!(await isSuspended(context.db, payload.sub))) return { skipped: "reactivated meanwhile" };
  for (const accountId of await accountsOf(context.db, payload.sub)) await context.identity.setAccountActive(accountId, false);
  await revokeSessionsOf(context.db, payload.sub, "account deactivated");
}

export async function reactivateAccount(payload: PayloadOf<typeof reactivateAccountQueue>, context: SupportJobContext) {
  if (await isSuspended(context.db, payload.sub)) return { skipped: "suspended again meanwhile" };
  for (const accountId of await accountsOf(context.db, payload.sub)) await context.identity.setAccountActive(accountId, true);
}

export async function restorePhotosUser(payload: PayloadOf<typeof restorePhotosUserQueue>, context: SupportJobContext) {
  const row = await loadMember(context.db, payload.memberId);
  if (!row?.member.immichUserId) return { skipped: "no photos user" };
  const photos = context.photos.forTenant(row.tenant);
  const user = await photos.getUser(row.member.immichUserId);
  if (!user) return { skipped: "photos user gone for good" };
  if (user.status === "deleted") await photos.restoreUser(user.id);
}
