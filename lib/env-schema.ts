import { z } from "zod";
import { LOG_LEVELS } from "./observability/levels";

/** The settings and their rules: pure, so the pre-start check and tests can use it. */
const LOOPBACK_IP = /^127\.|^\[::1\]$/;

const url = (example: string) =>
  z.string({ error: `is required, e.g. ${example}` }).pipe(z.url({ error: `must be an absolute URL, e.g. ${example}` }));

export const envSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  AUTH_SECRET: z
    .string({ error: "is required (generate one with `openssl rand -base64 33`)" })
    .min(32, "must be at least 32 characters (generate one with `openssl rand -base64 33`)"),
  AUTH_URL: url("https://castello.example.eu").refine(
    (value) => !LOOPBACK_IP.test(new URL(value).hostname),
    "must use `localhost`, not 127.0.0.1: Next.js rewrites 127.x hosts and the OIDC redirect_uri would not match",
  ),
  AUTH_AUTHENTIK_ISSUER: url("https://auth.example.eu/application/o/castello/").refine(
    (value) => value.endsWith("/"),
    "must end with a slash, exactly as Authentik publishes it (e.g. https://auth.example.eu/application/o/castello/)",
  ),
  AUTH_AUTHENTIK_ID: z.string({ error: "is required (the OAuth2 provider's client ID)" }).min(1, "must not be empty"),
  AUTH_AUTHENTIK_SECRET: z.string({ error: "is required (the OAuth2 provider's client secret)" }).min(1, "must not be empty"),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, "must be a postgres:// connection URL")
    .optional(),
  CASTELLO_OPERATOR_GROUP: z.string().min(1).default("castello-operators"),
  CASTELLO_SUPPORT_GROUP: z.string().min(1).default("castello-support"),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  AUTHENTIK_URL: url("https://auth.example.eu").optional(),
  AUTHENTIK_API_TOKEN: z
    .string({ error: "is required (an API token of Castello's Authentik service account)" })
    .min(1, "must not be empty"),
  CASTELLO_ENCRYPTION_KEY: z
    .string({ error: "is required (32 random bytes, base64: `openssl rand -base64 32`)" })
    .refine((value) => base64Bytes(value) === 32, "must be 32 bytes, base64-encoded (`openssl rand -base64 32`)"),
  CASTELLO_ENCRYPTION_KEY_PREVIOUS: z
    .string()
    .refine(
      (value) => value.split(",").every((key) => base64Bytes(key.trim()) === 32),
      "must be a comma-separated list of 32-byte base64 keys",
    )
    .optional(),
  SMTP_URL: z
    .string({ error: "is required, e.g. smtp://user:password@mail.example.eu:587 (smtps:// for implicit TLS)" })
    .regex(/^smtps?:\/\//, "must be an smtp:// or smtps:// URL"),
  MAIL_FROM: z.string().min(3).default("Castello <no-reply@localhost>"),
  CASTELLO_WORKER_IN_SERVER: z.enum(["true", "false"], { error: "must be true or false" }).optional(),
  LOG_LEVEL: z.enum(LOG_LEVELS, { error: `must be one of ${LOG_LEVELS.join(", ")}` }).default("info"),
  METRICS_TOKEN: z.string().min(32, "must be at least 32 characters (generate one with `openssl rand -base64 33`)").optional(),
  METRICS_PORT: z.coerce.number({ error: "must be a port number" }).int().min(1).max(65535).optional(),
  OTEL_EXPORTER_OTLP_ENDPOINT: url("http://otel-collector:4318").optional(),
  OTEL_SERVICE_NAME: z.string().min(1).optional(),
});

function base64Bytes(value: string): number {
  return /^[A-Za-z0-9+/]+={0,2}$/.test(value) ? Buffer.from(value, "base64").length : -1;
}

export type Env = z.infer<typeof envSchema>;

/** Authentik's base URL: AUTHENTIK_URL, or the issuer's origin (the issuer lives on the same host). */
export function authentikBaseUrl(env: Pick<Env, "AUTHENTIK_URL" | "AUTH_AUTHENTIK_ISSUER">): string {
  return (env.AUTHENTIK_URL ?? new URL(env.AUTH_AUTHENTIK_ISSUER).origin).replace(/\/+$/, "");
}

/** The worker runs inside the server unless told otherwise in production (`npm run worker`). */
export function workerRunsInServer(env: Pick<Env, "CASTELLO_WORKER_IN_SERVER" | "NODE_ENV">): boolean {
  return env.CASTELLO_WORKER_IN_SERVER ? env.CASTELLO_WORKER_IN_SERVER === "true" : env.NODE_ENV !== "production";
}

export type EnvResult = { ok: true; env: Env } | { ok: false; problems: string[] };

/** Pure: turns a raw environment into settings or a list of problems, one per setting. */
export function parseEnv(source: Record<string, string | undefined>): EnvResult {
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, value]) => value !== undefined && value !== ""));
  const parsed = envSchema.safeParse(cleaned);
  if (parsed.success) return { ok: true, env: parsed.data };
  const problems = parsed.error.issues.map((issue) => `${issue.path.join(".")} ${issue.message}`);
  return { ok: false, problems };
}

export function formatProblems(problems: string[]): string {
  return `Castello cannot start, fix these settings:\n${problems.map((p) => `  - ${p}`).join("\n")}`;
}
