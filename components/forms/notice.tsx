"use client";

import { createContext, useCallback, useContext, useState } from "react";

/**
 * A page-level status line that outlives the form that caused it: after removing a member
 * or revoking an invite, the row (and its form) disappears on refresh, but the answer stays.
 */
const NoticeContext = createContext<(message: string) => void>(() => {});

export function NoticeProvider({ children }: { children: React.ReactNode }) {
  const [message, setMessage] = useState<string | null>(null);
  const show = useCallback((text: string) => setMessage(text), []);
  return (
    <NoticeContext.Provider value={show}>
      <div role="status" aria-live="polite">
        {message ? <p className="rounded-md bg-emerald-50 p-3 text-sm text-emerald-800">{message}</p> : null}
      </div>
      {children}
    </NoticeContext.Provider>
  );
}

export function useNotice() {
  return useContext(NoticeContext);
}
