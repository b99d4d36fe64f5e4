import type { ComponentProps } from "react";
import { Card } from "@/components/ui/card";
import type { JobView, QueueCounts } from "@/lib/jobs/status";
import { RetryJobButton } from "./retry-job-button";

export interface QueueOverview {
  counts: (QueueCounts & { label: string })[];
  troubled: (JobView & { label: string })[];
}

/** Streams in: jobs per queue, and the failed or retrying ones with their error and a Retry button. */
export async function JobQueuePanel({
  overview,
  retryAction,
}: {
  overview: Promise<QueueOverview>;
  retryAction: ComponentProps<typeof RetryJobButton>["action"];
}) {
  const { counts, troubled } = await overview;
  return (
    <Card title="Job queue">
      {counts.length === 0 ? (
        <p className="text-stone-600">No job has run yet.</p>
      ) : (
        <div className="overflow-x-auto">
          <table className="w-full text-left text-sm" aria-label="Jobs per queue">
            <thead className="text-stone-500">
              <tr>
                <th className="py-2">Queue</th>
                <th className="pl-3 text-right">Waiting</th>
                <th className="pl-3 text-right">Running</th>
                <th className="pl-3 text-right">Failed</th>
                <th className="pl-3 text-right">Done</th>
              </tr>
            </thead>
            <tbody>
              {counts.map((row) => (
                <tr key={row.queue} className="border-t border-stone-100">
                  <td className="py-2">{row.label}</td>
                  <td className="pl-3 text-right">{row.waiting}</td>
                  <td className="pl-3 text-right">{row.active}</td>
                  <td className={`pl-3 text-right ${row.failed ? "font-semibold text-red-700" : ""}`}>{row.failed}</td>
                  <td className="pl-3 text-right">{row.completed}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {troubled.length > 0 ? (
        <>
          <h3 className="mt-5 mb-2 font-semibold">Failed or retrying</h3>
          <ul className="divide-y divide-stone-100 text-sm" aria-label="Failed or retrying jobs">
            {troubled.map((job) => (
              <li key={job.id} className="flex flex-wrap items-center gap-3 py-2">
                <span className={job.state === "failed" ? "font-semibold text-red-700" : "text-amber-700"}>
                  {job.state === "failed" ? "Failed" : `Retrying (attempt ${job.retryCount + 1})`}
                </span>
                <span>{job.label}</span>
                <span className="text-stone-500">
                  {job.subjectType} {job.subjectId}
                </span>
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
