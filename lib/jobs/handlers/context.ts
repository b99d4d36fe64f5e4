import type { AuthentikApis } from "@/lib/authentik/client";
import type { Keyring } from "@/lib/crypto/secret-box";
import type { Database } from "@/lib/db/connect";

export interface OutgoingMail {
  to: string;
  subject: string;
  html: string;
  text: string;
}

/** What a job handler may use; built once by the worker from the settings (or by a test). */
export interface JobContext {
  db: Database;
  authentik: AuthentikApis;
  keyring: Keyring;
  mailer: { send: (mail: OutgoingMail) => Promise<{ messageId: string }> };
  /** The portal's public URL, for links in e-mails. */
  portalUrl: string;
  /** Authentik groups of Castello's staff: their accounts are never deactivated by a family. */
  staffGroups: string[];
}
