import type { Viewport } from "next";
import { NextIntlClientProvider } from "next-intl";
import { getLocale, getTimeZone, getTranslations } from "next-intl/server";
import { SkipLink } from "@/components/layout/skip-link";
import { TimeZoneSync } from "@/components/layout/time-zone-sync";
import "./globals.css";

export async function generateMetadata() {
  const t = await getTranslations("pages.root");
  return { title: { default: t("title"), template: t("titleTemplate") }, description: t("description") };
}

export const viewport: Viewport = { width: "device-width", initialScale: 1 };

export default async function RootLayout({ children }: { children: React.ReactNode }) {
  const [locale, timeZone] = await Promise.all([getLocale(), getTimeZone()]);
  return (
    <html lang={locale}>
      <body className="min-h-screen">
        <NextIntlClientProvider>
          <SkipLink />
          <TimeZoneSync current={timeZone} />
          {children}
        </NextIntlClientProvider>
      </body>
    </html>
  );
}
