import type { PgBoss } from "pg-boss";
import { keyringFromEnv } from "@/lib/crypto/keyring";
import type { Keyring } from "@/lib/crypto/secret-box";
import { createDatabase, type Database } from "@/lib/db/connect";
import { authentikBaseUrl, type Env } from "@/lib/env-schema";
import { createAuthentikIdentity } from "@/lib/identity/authentik/adapter";
import type { IdentityPort } from "@/lib/identity/port";
import { startBoss } from "@/lib/jobs/boss";
import { createMailer, type Mailer } from "@/lib/mail/transport";
import { createImmichPhotos } from "@/lib/photos/immich/adapter";
import type { PhotosPort } from "@/lib/photos/port";
import { unsealTenantApiKey } from "@/lib/tenants/connection";

/**
 * The composition root: every dependency built in one place, from the settings, and passed
 * down. Only app/ and scripts/ (and the rest of lib/platform) import this; domain verbs,
 * queries and handlers receive what they need as arguments.
 */
export interface Deps {
  db: Database;
  keyring: Keyring;
  identity: IdentityPort;
  photos: PhotosPort;
  mailer: Mailer;
  /** The queue handle (to retry jobs); started on first use. */
  queue: () => Promise<PgBoss>;
  now: () => Date;
  /** The portal's public URL, for links in e-mails. */
  portalUrl: string;
  operatorGroup: string;
  supportGroup: string;
  /** Groups of Castello's staff: their accounts are never deactivated by a family. */
  staffGroups: string[];
  /** The OIDC application the portal signs in with, and its callback URL. */
  signIn: { applicationSlug: string; callbackUrl: string };
}

export type Settings = Env & { DATABASE_URL: string };

function applicationSlugOf(issuer: string): string {
  return /\/application\/o\/([^/]+)\/?$/.exec(new URL(issuer).pathname)?.[1] ?? "castello";
}

/** Builds the dependencies from validated settings; `db` may be given (a test's, a script's pool). */
export function buildDeps(settings: Settings, options: { db?: Database; poolSize?: number } = {}): Deps & { close: () => Promise<void> } {
  const pool = options.db ? undefined : createDatabase(settings.DATABASE_URL, { max: options.poolSize ?? 10 });
  const db = options.db ?? pool!.db;
  const keyring = keyringFromEnv(settings);
  let boss: Promise<PgBoss> | undefined;
  const mailer = createMailer({ smtpUrl: settings.SMTP_URL, from: settings.MAIL_FROM });
  return {
    db,
    keyring,
    identity: createAuthentikIdentity({ url: authentikBaseUrl(settings), token: settings.AUTHENTIK_API_TOKEN }),
    photos: createImmichPhotos({ unsealApiKey: (tenant) => unsealTenantApiKey(tenant, keyring) }),
    mailer,
    queue: () => {
      boss ??= startBoss({ databaseUrl: settings.DATABASE_URL }).catch((error) => {
        boss = undefined;
        throw error;
      });
      return boss;
    },
    now: () => new Date(),
    portalUrl: settings.AUTH_URL,
    operatorGroup: settings.CASTELLO_OPERATOR_GROUP,
    supportGroup: settings.CASTELLO_SUPPORT_GROUP,
    staffGroups: [settings.CASTELLO_OPERATOR_GROUP, settings.CASTELLO_SUPPORT_GROUP],
    signIn: {
      applicationSlug: applicationSlugOf(settings.AUTH_AUTHENTIK_ISSUER),
      callbackUrl: new URL("/api/auth/callback/authentik", settings.AUTH_URL).href,
    },
    close: async () => {
      mailer.close();
      if (boss) await (await boss).stop({ graceful: true, timeout: 5000 }).catch(() => {});
      await pool?.close();
    },
  };
}
