import { redirectLogs, type LogLevel } from "@/lib/observability/logger";

/** Every log line written at `level` or above while `body` runs, parsed. */
export async function capturedLines(body: () => unknown, level: LogLevel = "trace"): Promise<Record<string, unknown>[]> {
  const lines: string[] = [];
  const restore = redirectLogs((line) => lines.push(line), level);
  try {
    await body();
  } finally {
    restore();
  }
  return lines.map((line) => JSON.parse(line) as Record<string, unknown>);
}
