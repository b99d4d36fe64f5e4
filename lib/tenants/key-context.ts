/** The AAD of a tenant's sealed Immich key: an envelope copied to another tenant does not open. */
export function tenantKeyContext(slug: string): string {
  return `tenant:${slug}:immich-api-key`;
}
