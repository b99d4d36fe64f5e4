import type { LogLevel } from "./levels";
import { configureLogging } from "./logger";
import { addSecretValues } from "./redact";
import { startTracing, type Tracing } from "./tracing";

export interface ObservabilitySettings {
  LOG_LEVEL: LogLevel;
  OTEL_EXPORTER_OTLP_ENDPOINT?: string;
  OTEL_SERVICE_NAME?: string;
  /** Every secret setting's value: cut out of any log line that would contain it. */
  secrets: (string | undefined)[];
}

/** Logging, the secret scrub and tracing for one process: the web server (instrumentation) or a worker. */
export function startObservability(service: "castello-web" | "castello-worker", settings: ObservabilitySettings): Tracing | undefined {
  const serviceName = settings.OTEL_SERVICE_NAME ?? service;
  configureLogging({ level: settings.LOG_LEVEL, service: serviceName });
  addSecretValues(settings.secrets);
  return startTracing({ serviceName, otlpEndpoint: settings.OTEL_EXPORTER_OTLP_ENDPOINT });
}
