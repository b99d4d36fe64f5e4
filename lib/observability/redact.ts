/**
 * What never reaches a log line: tokens, API keys, cookies, passwords, client secrets,
 * authorization headers, invite tokens and recovery links. Two layers: pino's `redact` paths
 * for the fields we know, and a scrub of every key and string as a safety net.
 */

export const CENSOR = "[redacted]";

const SECRET_FIELDS = [
  "password",
  "token",
  "apiKey",
  "immichApiKey",
  "secret",
  "clientSecret",
  "client_secret",
  "authorization",
  "cookie",
  "sealedToken",
  "accessToken",
  "refreshToken",
  "idToken",
  "recoveryLink",
  "link",
  '["x-api-key"]',
  '["set-cookie"]',
];

/** pino `redact` paths: each field at the top level and one level down (headers.authorization, input.password...). */
export const REDACT_PATHS = SECRET_FIELDS.flatMap((field) => (field.startsWith("[") ? [field, `*${field}`] : [field, `*.${field}`]));

/** Any key that names a secret, at any depth. */
const SECRET_KEY = /pass(word|phrase)?|secret|token|api[-_]?key|authori[sz]ation|cookie|credential|recovery|^link$|session/i;

const TEXT_RULES: [RegExp, string][] = [
  // Authorization header values
  [/\b(Bearer|Basic|Token)\s+[A-Za-z0-9._~+/=-]{6,}/gi, `$1 ${CENSOR}`],
  // header-like pairs: `x-api-key: abc`, `cookie=abc`
  [/\b(x-api-key|authorization|cookie|set-cookie)(["']?\s*[:=]\s*["']?)[^\s"',;]+/gi, `$1$2${CENSOR}`],
  // credentials in a URL: smtp://user:password@host, postgres://user:password@host
  [/([a-z][a-z0-9+.-]*:\/\/)[^\s/@:]*:[^\s/@]*@/gi, `$1${CENSOR}@`],
  // the portal's invite links and Authentik's recovery links
  [/(\/invite\/)[A-Za-z0-9_-]{16,}/g, `$1${CENSOR}`],
  [/(\/use-token\/)[^\s/?#"']+/g, `$1${CENSOR}`],
  // secrets in a query string
  [
    /([?&](?:token|itoken|flow_token|key|api_?key|secret|password|code|state|access_token|id_token|refresh_token)=)[^&\s#"']+/gi,
    `$1${CENSOR}`,
  ],
  // Auth.js cookies
  [/((?:__Secure-|__Host-)?(?:authjs|next-auth)\.[a-z-]+(?:\.\d+)?=)[^;\s"']+/gi, `$1${CENSOR}`],
];

// Exact values this process knows are secret (its settings), shared by every bundle of the process.
const global = globalThis as unknown as { castelloSecretValues?: Set<string> };
const secretValues = (global.castelloSecretValues ??= new Set<string>());

/** Adds values (the API token, the client secret...) that are cut out of any text before it is logged. */
export function addSecretValues(values: (string | undefined)[]): void {
  for (const value of values) if (value && value.length >= 8) secretValues.add(value);
}

export function scrubText(text: string): string {
  let scrubbed = text;
  for (const value of secretValues) if (scrubbed.includes(value)) scrubbed = scrubbed.split(value).join(CENSOR);
  for (const [pattern, replacement] of TEXT_RULES) scrubbed = scrubbed.replace(pattern, replacement);
  return scrubbed;
}

const MAX_DEPTH = 6;

/** A copy of a log line's fields with every secret key censored and every string scrubbed. */
export function scrubFields(value: unknown, depth = 0): unknown {
  if (typeof value === "string") return scrubText(value);
  if (value === null || typeof value !== "object") return value;
  if (depth >= MAX_DEPTH) return "[…]";
  if (value instanceof Date) return value;
  if (Array.isArray(value)) return value.map((item) => scrubFields(item, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(value)) {
    out[key] = SECRET_KEY.test(key) && field !== undefined && field !== null ? CENSOR : scrubFields(field, depth + 1);
  }
  return out;
}
