import { useEffect, useState } from "react";

/**
 * Polling a JSON endpoint for the onboarding pages, with the behaviour they had from React
 * Query (a whole library for two polls): a request every 1.5 s while the tab is visible and no
 * request is under way, one more when the tab comes back or the network returns, each request
 * retried three times (after 1, 2 and 4 s) unless the answer is 401, 403 or 404, and polling
 * stops once the data says so.
 */
export const POLL_INTERVAL_MS = 1500;
const RETRY_DELAYS_MS = [1000, 2000, 4000];
/** Data younger than this is not fetched again when the tab comes back. */
const FRESH_MS = 1000;

export class HttpError extends Error {
  constructor(readonly status: number) {
    super(`HTTP ${status}`);
  }
}

const isFinal = (error: unknown) => error instanceof HttpError && [401, 403, 404].includes(error.status);

/** One request and its retries: the JSON of the first success, else the last error. */
export async function fetchJsonWithRetries<T>(
  url: string,
  method: "GET" | "POST",
  wait: (ms: number) => Promise<void> = (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
): Promise<T> {
  for (let attempt = 0; ; attempt += 1) {
    try {
      const response = await fetch(url, { cache: "no-store", method });
      if (!response.ok) throw new HttpError(response.status);
      return (await response.json()) as T;
    } catch (error) {
      const delay = RETRY_DELAYS_MS[attempt];
      if (isFinal(error) || delay === undefined) throw error;
      await wait(delay);
    }
  }
}

/** The latest data (`initial` until the first answer) and whether the latest request failed after its retries. */
export function usePolledJson<T>({
  url,
  method = "GET",
  initial,
  done,
}: {
  url: string;
  method?: "GET" | "POST";
  initial?: T;
  done: (data: T | undefined) => boolean;
}): { data: T | undefined; failed: boolean } {
  const [data, setData] = useState(initial);
  const [failed, setFailed] = useState(false);
  const [seeded] = useState(initial !== undefined);
  const finished = done(data);

  useEffect(() => {
    if (finished) return;
    let mounted = true;
    let inFlight = false;
    let answeredAt = seeded ? Date.now() : 0;
    const poll = async ({ hidden = false } = {}) => {
      if (inFlight || (!hidden && document.visibilityState === "hidden")) return;
      inFlight = true;
      try {
        const answer = await fetchJsonWithRetries<T>(url, method);
        answeredAt = Date.now();
        if (mounted) {
          setData(answer);
          setFailed(false);
        }
      } catch {
        if (mounted) setFailed(true);
      } finally {
        inFlight = false;
      }
    };
    const pollIfStale = () => {
      if (Date.now() - answeredAt >= FRESH_MS) void poll();
    };
    // Without data, the first request goes out at once, visible or not.
    if (!seeded) void poll({ hidden: true });
    const timer = setInterval(() => void poll(), POLL_INTERVAL_MS);
    document.addEventListener("visibilitychange", pollIfStale);
    window.addEventListener("online", pollIfStale);
    return () => {
      mounted = false;
      clearInterval(timer);
      document.removeEventListener("visibilitychange", pollIfStale);
      window.removeEventListener("online", pollIfStale);
    };
  }, [url, method, seeded, finished]);

  return { data, failed };
}
