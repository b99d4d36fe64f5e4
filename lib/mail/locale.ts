export const SUPPORTED_LOCALES = ["en", "it"] as const;
export type Locale = (typeof SUPPORTED_LOCALES)[number];
export const DEFAULT_LOCALE: Locale = "en";

export function isLocale(value: unknown): value is Locale {
  return typeof value === "string" && (SUPPORTED_LOCALES as readonly string[]).includes(value);
}

/** "it-IT" → "it", "EN" → "en"; undefined when the language is not one we write in. */
function supported(tag: string): Locale | undefined {
  const language = tag.trim().toLowerCase().split(/[-_]/)[0];
  return isLocale(language) ? language : undefined;
}

/** Ranges of an Accept-Language header, best first; ties keep the header's order. */
function ranges(header: string): string[] {
  return header
    .split(",")
    .map((part, index) => {
      const [tag = "", ...params] = part.split(";");
      const q = params.map((p) => /^\s*q\s*=\s*([\d.]+)\s*$/i.exec(p)?.[1]).find((v) => v !== undefined);
      const weight = q === undefined ? 1 : Number(q);
      return { tag: tag.trim(), weight: Number.isFinite(weight) ? weight : 0, index };
    })
    .filter((range) => range.tag !== "" && range.weight > 0)
    .sort((a, b) => b.weight - a.weight || a.index - b.index)
    .map((range) => range.tag);
}

/** An explicit pick wins, then the browser's preferences, then English. */
export function pickLocale(preferred: string | undefined, acceptLanguage: string | null | undefined): Locale {
  const explicit = preferred ? supported(preferred) : undefined;
  if (explicit) return explicit;
  for (const tag of ranges(acceptLanguage ?? "")) {
    const match = supported(tag);
    if (match) return match;
  }
  return DEFAULT_LOCALE;
}
