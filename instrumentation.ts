/**
 * Runs once when the server starts, before it serves: checks every setting, starts the
 * embedded Postgres when DATABASE_URL is unset, and applies migrations. A bad setting
 * stops the start with a message naming it. `next build` does not run this.
 */
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { boot } = await import("./lib/platform/boot");
  await boot();
}
