import { formatBytes } from "@/lib/format";

/** Used against quota; without a quota, just the usage. */
export function StorageBar({ usedBytes, quotaBytes, label }: { usedBytes: number | null; quotaBytes: number | null; label: string }) {
  if (usedBytes === null) return <span className="text-sm text-stone-500">usage unavailable</span>;
  const percent = quotaBytes ? Math.min(100, Math.round((usedBytes / quotaBytes) * 100)) : 0;
  return (
    <div className="min-w-32 space-y-1">
      {quotaBytes ? (
        <div
          role="meter"
          aria-label={label}
          aria-valuemin={0}
          aria-valuemax={quotaBytes}
          aria-valuenow={usedBytes}
          aria-valuetext={`${formatBytes(usedBytes)} of ${formatBytes(quotaBytes)}`}
          className="h-2 rounded bg-stone-200"
        >
          <div className={`h-2 rounded ${percent > 90 ? "bg-red-600" : "bg-brand-600"}`} style={{ width: `${percent}%` }} />
        </div>
      ) : null}
      <p className="text-xs text-stone-600">
        {formatBytes(usedBytes)} of {formatBytes(quotaBytes)}
      </p>
    </div>
  );
}
