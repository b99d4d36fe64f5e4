import { randomBytes } from "node:crypto";
import { and, eq, isNull } from "drizzle-orm";
import { systemActor } from "@/lib/audit/actor";
import { recordAudit } from "@/lib/audit/record";
import { decryptSecret, encryptSecret, type Keyring } from "@/lib/crypto/secret-box";
import type { Database } from "@/lib/db/connect";
import { tenantChecks, tenants, type Tenant } from "@/lib/db/schema";
import type { IdentityPort, OAuthClientState } from "@/lib/identity/port";
import { IntegrationError } from "@/lib/integrations/errors";
import type { PayloadOf } from "@/lib/jobs/queue";
import type { PhotosPort } from "@/lib/photos/port";
import { tenantGroupId } from "./jobs";
import { tenantOauthSecretContext } from "./key-context";
import type { checkTenantWiringQueue, wireTenantQueue } from "./queues";
import { compareWiring, photosClientSlug, photosClientSpec, photosOAuthSpec, wiringIsHealthy, type WiringReport } from "./wiring";

export interface WiringJobContext {
  db: Database;
  keyring: Keyring;
  identity: IdentityPort;
  photos: PhotosPort;
}

interface ClientCredentials {
  clientId: string;
  clientSecret: string;
}

function unseal(context: WiringJobContext, tenant: Tenant): ClientCredentials | undefined {
  if (!tenant.immichOauthClientId || !tenant.immichOauthClientSecretEncrypted) return undefined;
  return {
    clientId: tenant.immichOauthClientId,
    clientSecret: decryptSecret(context.keyring, tenant.immichOauthClientSecretEncrypted, tenantOauthSecretContext(tenant.slug)),
  };
}

/** The tenant's client id and secret, made once (by whichever worker gets there first) and kept sealed. */
async function clientCredentials(context: WiringJobContext, tenant: Tenant): Promise<ClientCredentials> {
  const existing = unseal(context, tenant);
  if (existing) return existing;
  const clientSecret = randomBytes(48).toString("base64url");
  await context.db
    .update(tenants)
    .set({
      immichOauthClientId: randomBytes(20).toString("hex"),
      immichOauthClientSecretEncrypted: encryptSecret(context.keyring, clientSecret, tenantOauthSecretContext(tenant.slug)),
    })
    .where(and(eq(tenants.id, tenant.id), isNull(tenants.immichOauthClientId)));
  const [current] = await context.db.select().from(tenants).where(eq(tenants.id, tenant.id));
  return unseal(context, current!)!;
}

/** A system that does not answer (or refuses Castello's credentials) leaves its part unknown. */
async function orUnreachable<T>(probe: () => Promise<T>): Promise<T | "unreachable"> {
  try {
    return await probe();
  } catch (error) {
    if (error instanceof IntegrationError) return "unreachable";
    throw error;
  }
}

/**
 * Looks at both systems and stores the report the operator's page shows. `client` is what the
 * identity provider answered to the writes just made, so it is not asked again.
 */
export async function inspectWiring(context: WiringJobContext, tenant: Tenant, client?: OAuthClientState): Promise<WiringReport> {
  const credentials = unseal(context, tenant) ?? { clientId: "", clientSecret: "" };
  const slug = photosClientSlug(tenant.slug);
  const clientSpec = photosClientSpec(tenant, { ...credentials, groupId: tenant.identityGroupId ?? "" });
  const [identity, photos] = await Promise.all([
    client ?? orUnreachable(() => context.identity.inspectOAuthClient(slug)),
    orUnreachable(() => context.photos.forTenant(tenant).getOAuthSettings()),
  ]);
  const report = compareWiring({
    clientSpec,
    photosSpec: photosOAuthSpec({ issuerUrl: context.identity.oauthIssuerUrl(slug), ...credentials }),
    identity,
    photos,
  });
  const checkedAt = new Date();
  await context.db
    .insert(tenantChecks)
    .values({ tenantId: tenant.id, wiring: report, wiringCheckedAt: checkedAt })
    .onConflictDoUpdate({ target: tenantChecks.tenantId, set: { wiring: report, wiringCheckedAt: checkedAt } });
  return report;
}

async function loadTenant(context: WiringJobContext, tenantId: number): Promise<Tenant | undefined> {
  const [tenant] = await context.db.select().from(tenants).where(eq(tenants.id, tenantId));
  return tenant;
}

/**
 * Brings the tenant's sign-on to what it must be: the group, the OAuth client (provider,
 * application, group binding) at the identity provider, then Immich's OAuth settings pointing
 * at it; then looks again and stores the report. Safe to run any number of times.
 */
export async function wireTenant(payload: PayloadOf<typeof wireTenantQueue>, context: WiringJobContext) {
  const tenant = await loadTenant(context, payload.tenantId);
  if (!tenant) return null;
  const groupId = await tenantGroupId(context, tenant);
  const credentials = await clientCredentials(context, tenant);
  const client = await context.identity.ensureOAuthClient(photosClientSpec(tenant, { ...credentials, groupId }));
  await context.photos.forTenant(tenant).setOAuthSettings(photosOAuthSpec({ issuerUrl: client.issuerUrl, ...credentials }));
  const current = (await loadTenant(context, tenant.id))!;
  const report = await inspectWiring(context, current, client);
  const healthy = wiringIsHealthy(report);
  await recordAudit(context.db, systemActor("job queue"), {
    action: "tenant.wiring.apply",
    tenantId: tenant.id,
    entity: { type: "tenant", id: tenant.id },
    after: { application: client.application?.slug ?? null, issuerUrl: client.issuerUrl, healthy },
  });
  return { healthy };
}

export async function checkTenantWiring(payload: PayloadOf<typeof checkTenantWiringQueue>, context: WiringJobContext) {
  const tenant = await loadTenant(context, payload.tenantId);
  if (!tenant) return null;
  return { healthy: wiringIsHealthy(await inspectWiring(context, tenant)) };
}
