import { retryRead } from "@/lib/integrations/retry";
import { MFA_DEVICE_KINDS, type MfaDevice, type MfaDeviceKind } from "../port";
import { callAuthentik, type AuthentikApis } from "./client";
import { isNotFound, requirePk } from "./users";

/** `authentik_stages_authenticator_totp.TOTPDevice` → `totp`. */
function kindOf(type: string): MfaDevice["kind"] {
  const stage = /authenticator_([a-z]+)\./.exec(type)?.[1];
  return (MFA_DEVICE_KINDS as readonly string[]).includes(stage ?? "") ? (stage as MfaDeviceKind) : "other";
}

/** A user's MFA devices (admin view). */
export async function listMfaDevices(apis: AuthentikApis, accountId: string): Promise<MfaDevice[]> {
  const user = requirePk(accountId);
  const devices = await retryRead(() => callAuthentik(() => apis.authenticators.authenticatorsAdminAllList({ user })));
  return devices.map((device) => ({
    id: String(device.pk),
    kind: kindOf(device.type),
    name: device.name,
    confirmed: device.confirmed,
    createdAt: device.created ?? null,
    lastUsedAt: device.lastUsed ?? null,
  }));
}

const destroyers: Record<MfaDeviceKind, (apis: AuthentikApis, id: number) => Promise<void>> = {
  totp: (apis, id) => apis.authenticators.authenticatorsAdminTotpDestroy({ id }),
  webauthn: (apis, id) => apis.authenticators.authenticatorsAdminWebauthnDestroy({ id }),
  static: (apis, id) => apis.authenticators.authenticatorsAdminStaticDestroy({ id }),
  email: (apis, id) => apis.authenticators.authenticatorsAdminEmailDestroy({ id }),
  sms: (apis, id) => apis.authenticators.authenticatorsAdminSmsDestroy({ id }),
  duo: (apis, id) => apis.authenticators.authenticatorsAdminDuoDestroy({ id }),
};

/** Deletes one device; one already gone counts as done. */
export async function resetMfaDevice(apis: AuthentikApis, device: { id: string; kind: MfaDeviceKind }): Promise<void> {
  try {
    await callAuthentik(() => destroyers[device.kind](apis, requirePk(device.id)));
  } catch (error) {
    if (!isNotFound(error)) throw error;
  }
}
