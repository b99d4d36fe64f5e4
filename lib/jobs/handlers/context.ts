import type { AuthentikApis } from "@/lib/authentik/client";
import type { Keyring } from "@/lib/crypto/secret-box";
import type { Database } from "@/lib/db/connect";

/** What a job handler may use; built once by the worker from the settings (or by a test). */
export interface JobContext {
  db: Database;
  authentik: AuthentikApis;
  keyring: Keyring;
}
