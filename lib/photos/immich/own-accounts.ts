import {
  createPartner,
  deleteAllSessions,
  getPartners,
  getSessions,
  login,
  logout,
  PartnerDirection,
  updatePartner,
  updateUserAdmin,
} from "@immich/sdk";
import type { PhotosCredentials } from "../port";
import { callImmich, type ImmichConnection } from "./client";

/**
 * What Castello does as one of its own accounts (a family's shared library or its guests):
 * Immich makes partner sharing and session lists the caller's own business, so these calls sign
 * in with the account's password, do one thing, and sign out again.
 */
async function asAccount<T>(
  admin: ImmichConnection,
  credentials: PhotosCredentials,
  work: (session: ImmichConnection) => Promise<T>,
): Promise<T> {
  const { url, timeoutMs } = admin;
  const anonymous: ImmichConnection = { url, apiKey: "", timeoutMs };
  const { accessToken } = await callImmich(anonymous, (options) => login({ loginCredentialDto: credentials }, options));
  const session: ImmichConnection = { ...anonymous, accessToken };
  try {
    return await work(session);
  } finally {
    await callImmich(session, (options) => logout(options)).catch(() => undefined);
  }
}

export async function setImmichPassword(connection: ImmichConnection, id: string, password: string): Promise<void> {
  await callImmich(connection, (options) =>
    updateUserAdmin({ id, userAdminUpdateDto: { password, shouldChangePassword: false } }, options),
  );
}

export function shareImmichPartner(admin: ImmichConnection, sharer: PhotosCredentials, partnerUserId: string): Promise<void> {
  return asAccount(admin, sharer, async (session) => {
    const shared = await callImmich(session, (options) => getPartners({ direction: PartnerDirection.SharedBy }, options));
    if (shared.some((partner) => partner.id === partnerUserId)) return;
    await callImmich(session, (options) => createPartner({ partnerCreateDto: { sharedWithId: partnerUserId } }, options));
  });
}

export function showImmichPartnerInTimeline(admin: ImmichConnection, viewer: PhotosCredentials, sharerUserId: string): Promise<void> {
  return asAccount(admin, viewer, async (session) => {
    const sharing = await callImmich(session, (options) => getPartners({ direction: PartnerDirection.SharedWith }, options));
    if (sharing.find((partner) => partner.id === sharerUserId)?.inTimeline) return;
    await callImmich(session, (options) => updatePartner({ id: sharerUserId, partnerUpdateDto: { inTimeline: true } }, options));
  });
}

/** Deletes every other session (Immich keeps the caller's own), then the sign-out ends that one too. */
export function endImmichSessions(admin: ImmichConnection, account: PhotosCredentials): Promise<number> {
  return asAccount(admin, account, async (session) => {
    const sessions = await callImmich(session, (options) => getSessions(options));
    const others = sessions.filter((entry) => !entry.current).length;
    if (others > 0) await callImmich(session, (options) => deleteAllSessions(options));
    return others;
  });
}
