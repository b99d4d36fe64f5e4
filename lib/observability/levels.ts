/** LOG_LEVEL's values, most severe first; pure, so the settings schema can use it. */
export const LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];
