import { getFormatter, getTranslations } from "next-intl/server";
import type { ComponentProps } from "react";
import { Card } from "@/components/ui/card";
import type { MessageKey } from "@/lib/i18n/message";
import type { JobView, QueueCounts } from "@/lib/jobs/status";
import { RetryJobButton } from "./retry-job-button";

export interface QueueOverview {
  /** `label`: the catalogue key of the queue's name (queueLabel). */
  counts: (QueueCounts & { label: MessageKey })[];
  /** When pg-boss last counted the queues (its supervisor recounts every minute). */
  countedAt: Date | null;
  troubled: (JobView & { label: MessageKey })[];
}

/** Streams in: jobs per queue, and the failed or retrying ones with their error and a Retry button. */
export async function JobQueuePanel({
  overview,
  retryAction,
}: {
  overview: Promise<QueueOverview>;
  retryAction: ComponentProps<typeof RetryJobButton>["action"];
}) {
  const [{ counts, countedAt, troubled }, t, translate, format] = await Promise.all([
    overview,
    getTranslations("operator"),
    getTranslations(),
    getFormatter(),
  ]);
  return (
    <Card title={t("jobQueue.title")}>
      {counts.length === 0 ? (
        <p className="text-stone-600">{t("jobQueue.empty")}</p>
      ) : (
        <div className="overflow-x-auto">
          <table className="w-full text-left text-sm" aria-label={t("jobQueue.perQueue")}>
            <thead className="text-stone-500">
              <tr>
                <th scope="col" className="py-2">
                  {t("jobQueue.columns.queue")}
                </th>
                <th scope="col" className="pl-3 text-right">
                  {t("jobQueue.columns.waiting")}
                </th>
                <th scope="col" className="pl-3 text-right">
                  {t("jobQueue.columns.running")}
                </th>
                <th scope="col" className="pl-3 text-right">
                  {t("jobQueue.columns.failed")}
                </th>
                <th scope="col" className="pl-3 text-right">
                  {t("jobQueue.columns.done")}
                </th>
              </tr>
            </thead>
            <tbody>
              {counts.map((row) => (
                <tr key={row.queue} className="border-t border-stone-100">
                  <td className="py-2">{translate(row.label)}</td>
                  <td className="pl-3 text-right">{format.number(row.waiting)}</td>
                  <td className="pl-3 text-right">{format.number(row.active)}</td>
                  <td className={`pl-3 text-right ${row.failed ? "font-semibold text-red-700" : ""}`}>{format.number(row.failed)}</td>
                  <td className="pl-3 text-right">{format.number(row.completed)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {countedAt ? (
            <p className="mt-2 text-xs text-stone-600">{t("jobQueue.countedAt", { time: format.relativeTime(countedAt, new Date()) })}</p>
          ) : null}
        </div>
      )}
      {troubled.length > 0 ? (
        <>
          <h3 className="mt-5 mb-2 font-semibold">{t("jobQueue.troubledTitle")}</h3>
          <ul className="divide-y divide-stone-100 text-sm" aria-label={t("jobQueue.troubledList")}>
            {troubled.map((job) => (
              <li key={job.id} className="flex flex-wrap items-center gap-3 py-2">
                <span className={job.state === "failed" ? "font-semibold text-red-700" : "text-amber-700"}>
                  {t("jobQueue.state", { state: job.state, attempt: job.retryCount + 1 })}
                </span>
                <span>{translate(job.label)}</span>
                <span className="text-stone-500">{t("jobQueue.subject", { type: job.subjectType, id: job.subjectId })}</span>
                {job.error ? <span className="w-full text-stone-700">{job.error}</span> : null}
                {job.state === "failed" ? <RetryJobButton jobId={job.id} action={retryAction} /> : null}
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </Card>
  );
}
