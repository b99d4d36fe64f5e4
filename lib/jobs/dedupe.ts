/**
 * The one way to build a job's dedupe key: the queue, the subject, and whatever makes this
 * occurrence of the effect distinct (a send count, the moment a member joined). No clock reads:
 * the same cause, retried, gives the same key and so the same single job.
 */
export function dedupeKey(
  queue: string,
  subject: { type: string; id: string | number },
  ...occurrence: (string | number | Date)[]
): string {
  const parts = occurrence.map((part) => (part instanceof Date ? String(part.getTime()) : String(part)));
  return [queue, `${subject.type}:${subject.id}`, ...parts].join(":");
}
