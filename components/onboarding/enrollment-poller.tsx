"use client";

import { useQuery } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useEffect } from "react";
import { fetchJson } from "@/components/providers/query-provider";

interface InvitationStatus {
  ready?: boolean;
  url?: string;
  error?: string;
}

/** Waits until the enrollment invitation exists, then goes to the enrollment. */
export function EnrollmentPoller() {
  const t = useTranslations("onboarding");
  const { data, error } = useQuery({
    queryKey: ["onboarding-invitation"],
    queryFn: () => fetchJson<InvitationStatus>("/api/onboarding/invitation", { method: "POST" }),
    refetchInterval: (query) => (query.state.data?.ready ? false : 1500),
  });
  useEffect(() => {
    if (data?.ready && data.url) window.location.assign(data.url);
  }, [data]);
  return (
    <div role="status" aria-live="polite" className="space-y-2">
      <h1 className="text-2xl font-bold">{t("preparing")}</h1>
      <p className="text-stone-700">{error ? t("preparingInvalid") : t("preparingBody")}</p>
    </div>
  );
}
