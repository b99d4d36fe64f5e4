import "server-only";
import type { IdentityAccountDetail, IdentityEvent, IdentityPort, MfaDevice } from "@/lib/identity/port";
import type { PhotosPort, PhotosTenant, PhotosUser } from "@/lib/photos/port";

/** An answer from another system, or the fact that it did not answer: the page says which. */
export type Answer<T> = { ok: true; value: T } | { ok: false };

export async function settle<T>(promise: Promise<T>): Promise<Answer<T>> {
  try {
    return { ok: true, value: await promise };
  } catch {
    return { ok: false };
  }
}

export interface IdentityReview {
  account: Promise<Answer<IdentityAccountDetail | undefined>>;
  devices: Promise<Answer<MfaDevice[]>>;
  events: Promise<Answer<IdentityEvent[]>>;
}

/**
 * The identity provider's parts of an account review, started at once and in parallel; the
 * events need the username, which Castello kept at sign-up (else the account's own).
 */
export function identityReview(identity: IdentityPort, accountId: string, knownUsername: string | null): IdentityReview {
  const account = settle(identity.getAccount(accountId));
  const devices = settle(identity.listMfaDevices(accountId));
  const events = knownUsername
    ? settle(identity.eventsOf(knownUsername, 50))
    : account.then((answer) => (answer.ok && answer.value ? settle(identity.eventsOf(answer.value.username, 50)) : { ok: false as const }));
  return { account, devices, events };
}

/** The person's photos user on one tenant: status, quota, usage. */
export function photosReview(photos: PhotosPort, tenant: PhotosTenant, immichUserId: string): Promise<Answer<PhotosUser | undefined>> {
  return settle(Promise.resolve().then(() => photos.forTenant(tenant).getUser(immichUserId)));
}
