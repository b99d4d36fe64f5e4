import "server-only";
import { authentikApis, type AuthentikApis } from "@/lib/authentik/client";
import { keyringFromEnv } from "@/lib/crypto/keyring";
import type { Keyring } from "@/lib/crypto/secret-box";
import { authentikBaseUrl } from "@/lib/env-schema";
import { getEnv } from "@/lib/env";

/** Castello's own Authentik API client (service-account token from the settings). */
export function getAuthentik(): AuthentikApis {
  const env = getEnv();
  return authentikApis({ url: authentikBaseUrl(env), token: env.AUTHENTIK_API_TOKEN });
}

export function getKeyring(): Keyring {
  return keyringFromEnv(getEnv());
}
