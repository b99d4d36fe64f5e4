import { getFormatter, getTranslations } from "next-intl/server";
import type { AuditEvent } from "@/lib/db/schema";
import type { IdentityEvent } from "@/lib/identity/port";
import type { Answer } from "@/lib/support/upstream";

type Line = { at: Date; key: string; source: "castello" | "identity"; text: React.ReactNode; reason?: string | null };

/** Castello's audit rows and the identity provider's own events about the person, in one time line. */
export async function HistoryList({ audit, events }: { audit: AuditEvent[]; events?: Promise<Answer<IdentityEvent[]>> }) {
  const [t, format] = await Promise.all([getTranslations("support"), getFormatter()]);
  const answer = events ? await events : undefined;
  const lines: Line[] = audit.map((event) => {
    const after = (event.after ?? {}) as { email?: string; role?: string };
    return {
      at: event.createdAt,
      key: `c${event.id}`,
      source: "castello",
      reason: event.reason,
      text: t("history.castello", {
        actor: event.actorType === "system" || !event.actorLabel ? t("actorType", { type: event.actorType }) : event.actorLabel,
        action: t("action", { action: event.action.replaceAll(".", "_"), code: event.action }),
        detail: after.email ? t("history.detail", { email: after.email, role: after.role ?? "" }) : "",
      }),
    };
  });
  if (answer?.ok) {
    for (const event of answer.value) {
      lines.push({
        at: event.createdAt,
        key: `i${event.id}`,
        source: "identity",
        text: t("history.identity", { action: event.action }) + (event.clientIp ? t("history.from", { ip: event.clientIp }) : ""),
      });
    }
  }
  lines.sort((a, b) => b.at.getTime() - a.at.getTime());
  return (
    <div className="space-y-2">
      {answer && !answer.ok ? <p className="text-sm text-amber-800">{t("review.identityDown")}</p> : null}
      {!answer ? <p className="text-sm text-stone-600">{t("review.identityLoading")}</p> : null}
      {lines.length === 0 ? (
        <p className="text-sm text-stone-600">{t("empty")}</p>
      ) : (
        <ol className="divide-y divide-stone-100 text-sm" aria-label={t("review.history")}>
          {lines.map((line) => (
            <li key={line.key} className="grid gap-1 py-2 sm:grid-cols-[10rem_1fr]">
              <time dateTime={line.at.toISOString()} className="text-stone-500">
                {format.dateTime(line.at, "timestamp")}
              </time>
              <span>
                <span className="mr-2 rounded bg-stone-100 px-1.5 py-0.5 text-xs text-stone-700">
                  {t("history.source", { source: line.source })}
                </span>
                {line.text}
                {line.reason ? <span className="block text-xs text-stone-600">{t("history.reason", { reason: line.reason })}</span> : null}
              </span>
            </li>
          ))}
        </ol>
      )}
    </div>
  );
}
