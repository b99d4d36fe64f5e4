const UNITS = ["kilobyte", "megabyte", "gigabyte", "terabyte", "petabyte"] as const;

/**
 * 1536 → "1.5 kB" in English, "1,5 kB" in German: decimal units, as Immich shows them,
 * written by Intl in the reader's locale (a BCP 47 tag). Unlimited (null) is the caller's words.
 */
export function formatBytes(bytes: number, locale: string): string {
  // Below a kilobyte too: "0 kB", not Intl's "0 byte".
  let value = Math.max(0, bytes) / 1000;
  let unit = 0;
  while (value >= 1000 && unit < UNITS.length - 1) {
    value /= 1000;
    unit += 1;
  }
  return new Intl.NumberFormat(locale, {
    style: "unit",
    unit: UNITS[unit],
    unitDisplay: "short",
    maximumFractionDigits: value >= 100 ? 0 : 1,
  }).format(value);
}
