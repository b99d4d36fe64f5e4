/** The longest display name Castello stores or puts in a session. */
export const MAX_NAME_LENGTH = 100;

/**
 * A display name as it enters from another system: control and format characters (NUL,
 * bidi overrides...) removed, whitespace collapsed, at most MAX_NAME_LENGTH characters.
 */
export function cleanName(value: unknown, max = MAX_NAME_LENGTH): string {
  if (typeof value !== "string") return "";
  const cleaned = value
    .slice(0, max * 4)
    .replace(/[\p{Cc}\p{Cf}\p{Co}\p{Cn}]/gu, " ")
    .replace(/\s+/g, " ")
    .trim();
  return [...cleaned].slice(0, max).join("").trim();
}
