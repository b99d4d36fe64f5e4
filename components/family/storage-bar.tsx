import { getLocale, getTranslations } from "next-intl/server";
import { formatBytes } from "@/lib/format";

/** Used against quota, in words beside the bar (never colour alone); without a quota, just the usage. */
export async function StorageBar({ usedBytes, quotaBytes, label }: { usedBytes: number | null; quotaBytes: number | null; label: string }) {
  const [t, tc, locale] = await Promise.all([getTranslations("family.members"), getTranslations("common.storage"), getLocale()]);
  if (usedBytes === null) return <span className="text-sm text-stone-600">{t("usageUnavailable")}</span>;
  const percent = quotaBytes ? Math.min(100, Math.round((usedBytes / quotaBytes) * 100)) : 0;
  const used = formatBytes(usedBytes, locale);
  const words = quotaBytes === null ? tc("used", { used }) : tc("usedOf", { used, total: formatBytes(quotaBytes, locale) });
  return (
    <div className="min-w-32 space-y-1">
      {quotaBytes ? (
        <div
          role="meter"
          aria-label={label}
          aria-valuemin={0}
          aria-valuemax={quotaBytes}
          aria-valuenow={usedBytes}
          aria-valuetext={words}
          className="h-2 rounded bg-stone-200 ring-1 ring-stone-400"
        >
          <div className={`h-2 rounded ${percent > 90 ? "bg-red-700" : "bg-brand-600"}`} style={{ width: `${percent}%` }} />
        </div>
      ) : null}
      <p className="text-xs text-stone-700">{words}</p>
    </div>
  );
}
