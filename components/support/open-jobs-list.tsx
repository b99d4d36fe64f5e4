import { getTranslations } from "next-intl/server";
import type { MessageKey } from "@/lib/i18n/message";
import type { OpenJob } from "@/lib/support/person";

/** Work about a person or a family that is not done yet, with a failure's error. */
export async function OpenJobsList({ jobs, labelOf }: { jobs: OpenJob[]; labelOf: (queue: string) => MessageKey }) {
  const [t, tj] = await Promise.all([getTranslations("support.review"), getTranslations()]);
  if (jobs.length === 0) return <p className="text-sm text-stone-600">{t("noJobs")}</p>;
  return (
    <ul className="divide-y divide-stone-100 text-sm" aria-label={t("jobs")}>
      {jobs.map((job) => (
        <li key={job.id} className="py-2">
          <span className="font-medium">{tj(labelOf(job.queue))}</span>{" "}
          <span className={job.state === "failed" ? "text-red-700" : "text-amber-800"}>{t("jobState", { state: job.state })}</span>
          {job.error ? <span className="block text-xs break-words text-stone-600">{job.error}</span> : null}
        </li>
      ))}
    </ul>
  );
}
