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
import { tenantKeyContext } from "../lib/tenants/key-context";

const result = parseEnv(process.env);
if (!result.ok || !result.env.DATABASE_URL) {
  console.error(result.ok ? "DATABASE_URL is required." : formatProblems(result.problems));
  process.exit(1);
}
const keyring = keyringFromEnv(result.env);
const { db, close } = createDatabase(result.env.DATABASE_URL, { max: 1 });
let changed = 0;
for (const tenant of await db.select().from(tenants)) {
  if (!tenant.immichApiKeyEncrypted || !needsRotation(keyring, tenant.immichApiKeyEncrypted)) continue;
  const context = tenantKeyContext(tenant.slug);
  const sealed = encryptSecret(keyring, decryptSecret(keyring, tenant.immichApiKeyEncrypted, context), context);
  await db.update(tenants).set({ immichApiKeyEncrypted: sealed }).where(eq(tenants.id, tenant.id));
  changed += 1;
}
console.log(`Re-encrypted ${changed} tenant key(s) with the current key.`);
await close();
