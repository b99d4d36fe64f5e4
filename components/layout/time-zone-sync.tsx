"use client";

import { useRouter } from "next/navigation";
import { useEffect } from "react";
import { PREFERENCE_COOKIE_MAX_AGE, TIME_ZONE_COOKIE } from "@/lib/i18n/preferences";

/** Tells the server the browser's time zone once (a cookie), so times render in the person's zone. */
export function TimeZoneSync({ current }: { current: string }) {
  const router = useRouter();
  useEffect(() => {
    const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    if (!zone || zone === current) return;
    document.cookie = `${TIME_ZONE_COOKIE}=${encodeURIComponent(zone)}; path=/; max-age=${PREFERENCE_COOKIE_MAX_AGE}; samesite=lax`;
    router.refresh();
  }, [current, router]);
  return null;
}
