const MAX_RETURN_PATH = 2000;

/** Where the language switch goes back to: a path on this site only, never another origin. */
export function safeReturnPath(value: unknown): string {
  if (typeof value !== "string" || value.length > MAX_RETURN_PATH) return "/";
  if (!value.startsWith("/") || value.startsWith("//") || value.startsWith("/\\") || /[\u0000-\u001f]/.test(value)) return "/";
  return value;
}
