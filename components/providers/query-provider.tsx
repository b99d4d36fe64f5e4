"use client";

import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { useState } from "react";

export function QueryProvider({ children }: { children: React.ReactNode }) {
  const [client] = useState(
    () =>
      new QueryClient({
        defaultOptions: {
          queries: {
            staleTime: 1000,
            retry: (failures, error) =>
              !(error instanceof HttpError && (error.status === 401 || error.status === 403 || error.status === 404)) && failures < 3,
          },
        },
      }),
  );
  return <QueryClientProvider client={client}>{children}</QueryClientProvider>;
}

export class HttpError extends Error {
  constructor(readonly status: number) {
    super(`HTTP ${status}`);
  }
}

export async function fetchJson<T>(url: string, init: { method?: "GET" | "POST" } = {}): Promise<T> {
  const response = await fetch(url, { cache: "no-store", method: init.method ?? "GET" });
  if (!response.ok) throw new HttpError(response.status);
  return (await response.json()) as T;
}
