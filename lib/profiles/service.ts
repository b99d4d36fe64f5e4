import { eq } from "drizzle-orm";
import type { Executor } from "@/lib/db/client";
import { profiles } from "@/lib/db/schema";
import { isLocale, type Locale } from "@/lib/i18n/locales";

/** The language the person picked last, on any browser; undefined until they pick one. */
export async function preferredLocale(db: Executor, sub: string): Promise<Locale | undefined> {
  const [row] = await db.select({ locale: profiles.locale }).from(profiles).where(eq(profiles.identitySub, sub));
  return isLocale(row?.locale) ? row.locale : undefined;
}

/** Remembers the person's pick for every browser they sign in on. */
export async function rememberLocale(db: Executor, sub: string, locale: Locale, now = new Date()): Promise<void> {
  await db
    .insert(profiles)
    .values({ identitySub: sub, locale, updatedAt: now })
    .onConflictDoUpdate({ target: profiles.identitySub, set: { locale, updatedAt: now } });
}
