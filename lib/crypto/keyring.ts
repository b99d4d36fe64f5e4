import type { Env } from "@/lib/env-schema";
import { parseKey, type Keyring } from "./secret-box";

/** The current key and any previous ones still accepted for decryption (during a rotation). */
export function keyringFromEnv(env: Pick<Env, "CASTELLO_ENCRYPTION_KEY" | "CASTELLO_ENCRYPTION_KEY_PREVIOUS">): Keyring {
  return {
    current: parseKey(env.CASTELLO_ENCRYPTION_KEY),
    previous: (env.CASTELLO_ENCRYPTION_KEY_PREVIOUS ?? "")
      .split(",")
      .map((key) => key.trim())
      .filter(Boolean)
      .map(parseKey),
  };
}
