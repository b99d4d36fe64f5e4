"use client";

import { useTranslations } from "next-intl";
import { useEffect } from "react";
import { usePolledJson } from "./polled-json";

interface InvitationStatus {
  ready?: boolean;
  url?: string;
  error?: string;
}

/** Waits until the enrollment invitation exists, then goes to the enrollment. */
export function EnrollmentPoller() {
  const t = useTranslations("onboarding");
  const { data, failed } = usePolledJson<InvitationStatus>({
    url: "/api/onboarding/invitation",
    method: "POST",
    done: (status) => Boolean(status?.ready),
  });
  useEffect(() => {
    if (data?.ready && data.url) window.location.assign(data.url);
  }, [data]);
  return (
    <div role="status" aria-live="polite" className="space-y-2">
      <h1 className="text-2xl font-bold">{t("preparing")}</h1>
      <p className="text-stone-700">{failed ? t("preparingInvalid") : t("preparingBody")}</p>
    </div>
  );
}
