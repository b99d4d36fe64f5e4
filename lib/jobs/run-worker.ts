import { authentikApis } from "@/lib/authentik/client";
import { keyringFromEnv } from "@/lib/crypto/keyring";
import { createDatabase } from "@/lib/db/connect";
import { authentikBaseUrl, type Env } from "@/lib/env-schema";
import { createMailer } from "@/lib/mail/transport";
import { startWorker, type Worker } from "./worker";

/** Starts a worker from the settings: used by the server in development and by `npm run worker`. */
export async function startWorkerFromEnv(env: Env & { DATABASE_URL: string }): Promise<Worker & { closeDb: () => Promise<void> }> {
  const { db, close } = createDatabase(env.DATABASE_URL, { max: 4 });
  const worker = await startWorker({
    databaseUrl: env.DATABASE_URL,
    context: {
      db,
      authentik: authentikApis({ url: authentikBaseUrl(env), token: env.AUTHENTIK_API_TOKEN }),
      keyring: keyringFromEnv(env),
      mailer: createMailer({ smtpUrl: env.SMTP_URL, from: env.MAIL_FROM }),
      portalUrl: env.AUTH_URL,
      staffGroups: [env.CASTELLO_OPERATOR_GROUP, env.CASTELLO_SUPPORT_GROUP],
    },
  });
  return { ...worker, closeDb: close };
}
