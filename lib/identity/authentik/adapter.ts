import type { IdentityPort } from "../port";
import { authentikApis, type AuthentikConnection } from "./client";
import { eventsOf } from "./events";
import { addUserToGroup, ensureGroup, listGroupMembers, removeUserFromGroup } from "./groups";
import { authentikHealth } from "./health";
import { deleteInvitation, enrollmentUrl, ensureInvitation, invitationExists } from "./invitations";
import { listMfaDevices, resetMfaDevice } from "./mfa";
import { ensureOAuthClient, inspectOAuthClient, issuerUrl } from "./oauth-clients";
import { checkAuthentikSetup } from "./setup-check";
import { setSharedAccount } from "./shared-accounts";
import { currentGroupsOf, findUsersByEmail, findUsersByInvite, getUser, recoveryLink, sendRecoveryEmail, setUserActive } from "./users";

/** The identity port over Authentik's API (the official @goauthentik/api client). */
export function createAuthentikIdentity(connection: AuthentikConnection): IdentityPort {
  const apis = authentikApis(connection);
  return {
    ensureGroup: (name, attributes) => ensureGroup(apis, name, attributes),
    addToGroup: (groupId, accountId) => addUserToGroup(apis, groupId, accountId),
    removeFromGroup: (groupId, accountId) => removeUserFromGroup(apis, groupId, accountId),
    openEnrollmentInvitation: (request) => ensureInvitation(apis, request),
    invitationExists: (invitationId) => invitationExists(apis, invitationId),
    deleteInvitation: (invitationId) => deleteInvitation(apis, invitationId),
    enrollmentUrl: (invitationId) => enrollmentUrl(connection.url, invitationId),
    // Authentik's user interface; its settings tab holds the MFA devices and passkeys.
    accountSettingsUrl: () => `${connection.url.replace(/\/+$/, "")}/if/user/#/settings`,
    findAccountsByInvite: (inviteId) => findUsersByInvite(apis, inviteId),
    findAccountsByEmail: (email) => findUsersByEmail(apis, email),
    getAccount: (accountId) => getUser(apis, accountId),
    setAccountActive: (accountId, active) => setUserActive(apis, accountId, active),
    currentGroups: (person) => currentGroupsOf(apis, person),
    listMfaDevices: (accountId) => listMfaDevices(apis, accountId),
    resetMfaDevice: (device) => resetMfaDevice(apis, device),
    recoveryLink: (accountId) => recoveryLink(apis, accountId),
    sendRecoveryEmail: (accountId) => sendRecoveryEmail(apis, accountId),
    eventsOf: (username, limit) => eventsOf(apis, username, limit),
    ensureOAuthClient: (spec) => ensureOAuthClient(apis, connection.url, spec),
    inspectOAuthClient: (slug) => inspectOAuthClient(apis, connection.url, slug),
    oauthIssuerUrl: (slug) => issuerUrl(connection.url, slug),
    listGroupMembers: (groupId) => listGroupMembers(apis, groupId),
    setSharedAccount: (accountId, key, account) => setSharedAccount(apis, accountId, key, account),
    health: () => authentikHealth(apis),
    checkSetup: (expected) => checkAuthentikSetup(apis, expected),
  };
}
