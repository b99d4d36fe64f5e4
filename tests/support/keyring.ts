import { randomBytes } from "node:crypto";
import type { Keyring } from "@/lib/crypto/secret-box";

export const testKeyring = (): Keyring => ({ current: randomBytes(32), previous: [] });
