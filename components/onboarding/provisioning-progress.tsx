"use client";

import { useTranslations } from "next-intl";
import type { ProvisioningStatus, StepState } from "@/lib/onboarding/status";
import { usePolledJson } from "./polled-json";

const ICONS: Record<StepState, string> = { done: "✔", pending: "…", retrying: "↻", failed: "✘" };

/** Each provisioning step live from the job queue, then "Open my photos". */
export function ProvisioningProgress({ initial }: { initial: ProvisioningStatus }) {
  const t = useTranslations("onboarding");
  const { data = initial } = usePolledJson<ProvisioningStatus>({
    url: `/api/onboarding/status?member=${initial.memberId}`,
    initial,
    done: (status) => Boolean(status?.photosUrl),
  });
  return (
    <div className="space-y-5">
      <ol aria-label={t("progress")} className="space-y-2">
        {data.steps.map((step) => (
          <li key={step.key} className="flex items-center gap-3">
            <span
              aria-hidden
              className={step.state === "done" ? "text-emerald-700" : step.state === "failed" ? "text-red-700" : "text-amber-700"}
            >
              {ICONS[step.state]}
            </span>
            <span className="font-medium">{t(`steps.${step.key}`)}</span>
            <span className="text-sm text-stone-700">({t(`stepState.${step.state}`)})</span>
          </li>
        ))}
      </ol>
      {data.photosUrl ? (
        <a href={data.photosUrl} className="inline-flex rounded-md bg-brand-600 px-5 py-3 font-semibold text-white hover:bg-brand-700">
          {t("openPhotos")}
        </a>
      ) : (
        <p role="status" aria-live="polite" className="text-sm text-stone-600">
          {t("stillWorking")}
        </p>
      )}
    </div>
  );
}
