import type { PhotosPort, PhotosTenant, TenantPhotos } from "../port";
import type { ImmichConnection } from "./client";
import { getImmichOAuthSettings, setImmichOAuthSettings } from "./oauth-settings";
import { endImmichSessions, setImmichPassword, shareImmichPartner, showImmichPartnerInTimeline } from "./own-accounts";
import { immichHealth, verifyImmich } from "./server";
import {
  createImmichUser,
  findImmichUserByEmail,
  getImmichUser,
  listImmichUsers,
  restoreImmichUser,
  setImmichEmail,
  setImmichQuota,
  softDeleteImmichUser,
  usageByUser,
} from "./users";

export interface ImmichPhotosOptions {
  /** Unseals a tenant's admin key, in memory, for one use (the composition root knows the keyring). */
  unsealApiKey: (tenant: PhotosTenant) => string;
  timeoutMs?: number;
}

function tenantPhotos(connection: ImmichConnection): TenantPhotos {
  return {
    findUserByEmail: (email) => findImmichUserByEmail(connection, email),
    getUser: (id) => getImmichUser(connection, id),
    createUser: (input) => createImmichUser(connection, input),
    setQuota: (id, quotaBytes) => setImmichQuota(connection, id, quotaBytes),
    setEmail: (id, email) => setImmichEmail(connection, id, email),
    setPassword: (id, password) => setImmichPassword(connection, id, password),
    sharePartner: (sharer, partnerUserId) => shareImmichPartner(connection, sharer, partnerUserId),
    showPartnerInTimeline: (viewer, sharerUserId) => showImmichPartnerInTimeline(connection, viewer, sharerUserId),
    endSessions: (account) => endImmichSessions(connection, account),
    restoreUser: (id) => restoreImmichUser(connection, id),
    softDeleteUser: (id) => softDeleteImmichUser(connection, id),
    listUsers: () => listImmichUsers(connection),
    getOAuthSettings: () => getImmichOAuthSettings(connection),
    setOAuthSettings: (settings) => setImmichOAuthSettings(connection, settings),
    usageByUser: () => usageByUser(connection),
    health: () => immichHealth(connection),
  };
}

/** The photos port over Immich's API (@immich/sdk, with each tenant's URL and key passed per call). */
export function createImmichPhotos(options: ImmichPhotosOptions): PhotosPort {
  return {
    verifyServer: (connection) => verifyImmich({ ...connection, timeoutMs: options.timeoutMs }),
    forTenant: (tenant) => tenantPhotos({ url: tenant.immichUrl, apiKey: options.unsealApiKey(tenant), timeoutMs: options.timeoutMs }),
    loginUrl: (tenant) => `${tenant.immichUrl.replace(/\/+$/, "")}/auth/login?autoLaunch=1`,
  };
}
