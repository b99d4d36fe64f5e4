import "server-only";
import { retryJobFormAction } from "@/app/(portal)/operator/actions";
import { Card } from "@/components/ui/card";
import { getDb } from "@/lib/db/client";
import { QUEUE_LABELS, type QueueName } from "@/lib/jobs/queues";
import { queueCounts, troubledJobs } from "@/lib/jobs/status";
import { RetryJobButton } from "./retry-job-button";

export async function JobQueuePanel() {
  const db = getDb();
  const [counts, troubled] = await Promise.all([queueCounts(db), troubledJobs(db)]);
  return (
    <Card title="Job queue">
      {counts.length === 0 ? (
        <p className="text-stone-600">No job has run yet.</p>
      ) : (
        <table className="w-full text-left text-sm" aria-label="Jobs per queue">
          <thead className="text-stone-500">
            <tr>
              <th className="py-2">Queue</th>
              <th className="text-right">Waiting</th>
              <th className="text-right">Running</th>
              <th className="text-right">Failed</th>
              <th className="text-right">Done</th>
            </tr>
          </thead>
          <tbody>
            {counts.map((row) => (
              <tr key={row.queue} className="border-t border-stone-100">
                <td className="py-2">{QUEUE_LABELS[row.queue as QueueName] ?? row.queue}</td>
                <td className="text-right">{row.waiting}</td>
                <td className="text-right">{row.active}</td>
                <td className={`text-right ${row.failed ? "font-semibold text-red-700" : ""}`}>{row.failed}</td>
                <td className="text-right">{row.completed}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {troubled.length > 0 ? (
        <>
          <h3 className="mt-5 mb-2 font-semibold">Failed or retrying</h3>
          <ul className="divide-y divide-stone-100 text-sm" aria-label="Failed or retrying jobs">
            {troubled.map((job) => (
              <li key={job.id} className="flex flex-wrap items-center gap-3 py-2">
                <span className={job.state === "failed" ? "font-semibold text-red-700" : "text-amber-700"}>{job.state === "failed" ? "Failed" : `Retrying (attempt ${job.retryCount + 1})`}</span>
                <span>{QUEUE_LABELS[job.queue] ?? job.queue}</span>
                <span className="text-stone-500">
                  {job.subjectType} {job.subjectId}
                </span>
                {job.error ? <span className="w-full text-stone-700">{job.error}</span> : null}
                {job.state === "failed" ? <RetryJobButton jobId={job.id} action={retryJobFormAction} /> : null}
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </Card>
  );
}
