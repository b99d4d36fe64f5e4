/** The AAD of a tenant's sealed Immich key: an envelope copied to another tenant does not open. */
export function tenantKeyContext(slug: string): string {
  return `tenant:${slug}:immich-api-key`;
}

/** The AAD of a tenant's sealed OAuth client secret (the one its Immich signs in with). */
export function tenantOauthSecretContext(slug: string): string {
  return `tenant:${slug}:immich-oauth-client-secret`;
}

/** The AAD of the sealed password of one of a family's own photo accounts. */
export function familyPhotoAccountContext(slug: string, subject: string): string {
  return `tenant:${slug}:family-photo-account:${subject}`;
}
