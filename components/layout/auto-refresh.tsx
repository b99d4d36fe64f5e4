"use client";

import { useRouter } from "next/navigation";
import { useEffect } from "react";

/**
 * While work is pending (a mail on its way, a job running), the page refreshes its server data
 * (forms keep what is typed) until the work is done, for a few minutes at most.
 */
export function AutoRefresh({ active, everyMs = 3000, forMs = 180_000 }: { active: boolean; everyMs?: number; forMs?: number }) {
  const router = useRouter();
  useEffect(() => {
    if (!active) return;
    const started = Date.now();
    const timer = setInterval(() => {
      if (Date.now() - started > forMs) clearInterval(timer);
      else router.refresh();
    }, everyMs);
    return () => clearInterval(timer);
  }, [active, everyMs, forMs, router]);
  return null;
}
