import { z } from "zod";

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
  AUTH_AUTHENTIK_SECRET: z
    .string({ error: "is required (the OAuth2 provider's client secret)" })
    .min(1, "must not be empty"),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, "must be a postgres:// connection URL")
    .optional(),
  CASTELLO_OPERATOR_GROUP: z.string().min(1).default("castello-operators"),
  CASTELLO_SUPPORT_GROUP: z.string().min(1).default("castello-support"),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
});

export type Env = z.infer<typeof envSchema>;

export type EnvResult = { ok: true; env: Env } | { ok: false; problems: string[] };

/** Pure: turns a raw environment into settings or a list of problems, one per setting. */
export function parseEnv(source: Record<string, string | undefined>): EnvResult {
  const cleaned = Object.fromEntries(
    Object.entries(source).filter(([, value]) => value !== undefined && value !== ""),
  );
  const parsed = envSchema.safeParse(cleaned);
  if (parsed.success) return { ok: true, env: parsed.data };
  const problems = parsed.error.issues.map((issue) => `${issue.path.join(".")} ${issue.message}`);
  return { ok: false, problems };
}

export function formatProblems(problems: string[]): string {
  return `Castello cannot start, fix these settings:\n${problems.map((p) => `  - ${p}`).join("\n")}`;
}
