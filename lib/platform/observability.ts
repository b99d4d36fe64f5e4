import type { Env } from "@/lib/env-schema";
import { startObservability } from "@/lib/observability/setup";

function passwordOf(url: string | undefined): string | undefined {
  try {
    return url ? decodeURIComponent(new URL(url).password) || undefined : undefined;
  } catch {
    return undefined;
  }
}

/** Starts logging and tracing for this process from the settings; every secret setting is scrubbed from logs. */
export function observeProcess(service: "castello-web" | "castello-worker", env: Env) {
  return startObservability(service, {
    LOG_LEVEL: env.LOG_LEVEL,
    OTEL_EXPORTER_OTLP_ENDPOINT: env.OTEL_EXPORTER_OTLP_ENDPOINT,
    OTEL_SERVICE_NAME: env.OTEL_SERVICE_NAME,
    secrets: [
      env.AUTH_SECRET,
      env.AUTH_AUTHENTIK_SECRET,
      env.AUTHENTIK_API_TOKEN,
      env.CASTELLO_ENCRYPTION_KEY,
      ...(env.CASTELLO_ENCRYPTION_KEY_PREVIOUS?.split(",").map((key) => key.trim()) ?? []),
      env.METRICS_TOKEN,
      passwordOf(env.SMTP_URL),
      passwordOf(env.DATABASE_URL),
    ],
  });
}
