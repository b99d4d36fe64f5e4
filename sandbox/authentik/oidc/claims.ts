import type { Directory, DirectoryUser } from "../directory";
import type { OAuth2ProviderRecord, ScopeMappingRecord } from "../api/records";

/** authentik.providers.oauth2.constants.ACR_AUTHENTIK_DEFAULT */
export const ACR_AUTHENTIK_DEFAULT = "goauthentik.io/providers/oauth2/default";

const MANAGED = "goauthentik.io/providers/oauth2/scope-";

type Claims = Record<string, unknown>;

/**
 * What the managed scope mappings' expressions return (blueprints/system/providers-oauth2.yaml).
 * The fake cannot run Python: any other mapping contributes no claims.
 */
const MANAGED_EXPRESSIONS: Record<string, (user: DirectoryUser, directory: Directory) => Claims> = {
  [`${MANAGED}openid`]: () => ({}),
  [`${MANAGED}email`]: (user) => ({ email: user.email, email_verified: false }),
  [`${MANAGED}profile`]: (user, directory) => ({
    name: user.name,
    given_name: user.name,
    preferred_username: user.username,
    nickname: user.username,
    groups: directory.groupNamesOf(user),
  }),
  [`${MANAGED}offline_access`]: () => ({}),
};

/** ScopeMapping.evaluate for one user. */
export function mappingClaims(mapping: ScopeMappingRecord, user: DirectoryUser, directory: Directory): Claims {
  const expression = mapping.managed ? MANAGED_EXPRESSIONS[mapping.managed] : undefined;
  return expression ? expression(user, directory) : {};
}

const SAMPLE_USER: DirectoryUser = {
  pk: 0,
  uuid: "",
  uid: "",
  username: "",
  name: "",
  email: "",
  isActive: true,
  attributes: {},
  groupIds: new Set(),
  passwordHash: null,
  dateJoined: new Date(0),
  lastLogin: null,
  path: "",
  type: "internal",
  passwordChangeDate: new Date(0),
  lastUpdated: new Date(0),
};

/** The claims a mapping gives, as discovery's `claims_supported` finds them (evaluated for the anonymous user). */
export function mappingClaimNames(mapping: ScopeMappingRecord, directory: Directory): string[] {
  return Object.keys(mappingClaims(mapping, SAMPLE_USER, directory));
}

/** IDToken.new's `sub` for the provider's `sub_mode`. */
export function subjectOf(provider: OAuth2ProviderRecord, user: DirectoryUser): string {
  switch (provider.subMode) {
    case "user_id":
      return String(user.pk);
    case "user_uuid":
      return user.uuid;
    case "user_email":
      return user.email;
    case "user_username":
      return user.username;
    case "user_upn":
      return typeof user.attributes.upn === "string" ? user.attributes.upn : user.uid;
    default:
      return user.uid;
  }
}

export function userWithSubject(directory: Directory, provider: OAuth2ProviderRecord, sub: string): DirectoryUser | undefined {
  return directory.listUsers().find((user) => subjectOf(provider, user) === sub);
}
