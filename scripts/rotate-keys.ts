/**
 * `npm run keys:rotate`: after setting a new CASTELLO_ENCRYPTION_KEY and moving the old one
 * to CASTELLO_ENCRYPTION_KEY_PREVIOUS, re-seals every stored secret with the new key.
 * Then the previous key can be removed.
 */
import { eq } from "drizzle-orm";
import { keyringFromEnv } from "../lib/crypto/keyring";
import { decryptSecret, encryptSecret, needsRotation } from "../lib/crypto/secret-box";
import { createDatabase } from "../lib/db/connect";
import { tenants } from "../lib/db/schema";
import { formatProblems, parseEnv } from "../lib/env-schema";
import { tenantKeyContext, tenantOauthSecretContext } from "../lib/tenants/key-context";

const result = parseEnv(process.env);
if (!result.ok || !result.env.DATABASE_URL) {
  console.error(result.ok ? "DATABASE_URL is required." : formatProblems(result.problems));
  process.exit(1);
}
const keyring = keyringFromEnv(result.env);
const { db, close } = createDatabase(result.env.DATABASE_URL, { max: 1 });
let changed = 0;
/** Re-seals one envelope with the current key; undefined when it needs nothing. */
function reseal(sealed: string | null, context: string): string | undefined {
  if (!sealed || !needsRotation(keyring, sealed)) return undefined;
  return encryptSecret(keyring, decryptSecret(keyring, sealed, context), context);
}
for (const tenant of await db.select().from(tenants)) {
  const apiKey = reseal(tenant.immichApiKeyEncrypted, tenantKeyContext(tenant.slug));
  const oauthSecret = reseal(tenant.immichOauthClientSecretEncrypted, tenantOauthSecretContext(tenant.slug));
  if (!apiKey && !oauthSecret) continue;
  await db
    .update(tenants)
    .set({
      ...(apiKey ? { immichApiKeyEncrypted: apiKey } : {}),
      ...(oauthSecret ? { immichOauthClientSecretEncrypted: oauthSecret } : {}),
    })
    .where(eq(tenants.id, tenant.id));
  changed += 1;
}
console.log(`Re-encrypted the secrets of ${changed} tenant(s) with the current key.`);
await close();
