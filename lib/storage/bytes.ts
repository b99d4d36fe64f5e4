import { z } from "zod";

/** Decimal gigabytes, as Immich counts them: forms speak GB, the database and Immich bytes. */
export const GB = 1_000_000_000;

export const gbToBytes = (gb: number): number => Math.round(gb * GB);
/** For a form field that shows an amount in GB; null (unlimited) stays null. */
export const bytesToGb = (bytes: number | null): number | null => (bytes === null ? null : bytes / GB);
/** Whole GB, rounded down: what is left to give, said to a person. */
export const wholeGb = (bytes: number): number => Math.floor(bytes / GB);

/** A form field in GB, parsed to bytes. Blank is an error, never 0. */
export const gbField = (options: { max?: number } = {}) =>
  z.preprocess(
    (value) => (typeof value === "string" && value.trim() === "" ? undefined : value),
    z.coerce
      .number({ error: "validation.gbNumber" })
      .min(0, "validation.gbNegative")
      .max(options.max ?? 1_000_000, "validation.gbTooLarge")
      .transform(gbToBytes),
  );
