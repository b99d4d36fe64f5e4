import { getFormatter, getTranslations } from "next-intl/server";
import { Card } from "@/components/ui/card";
import { requireArea } from "@/lib/platform/viewer";
import { serverDeps } from "@/lib/platform/server";
import { listRecentAuditEvents } from "@/lib/audit/queries";
import { SearchBox } from "@/components/support/search-box";
import { searchAction } from "./actions";

export async function generateMetadata() {
  const t = await getTranslations("support");
  return { title: t("metaTitle") };
}

export default async function SupportPage() {
  await requireArea("support");
  const [events, t, format] = await Promise.all([listRecentAuditEvents(serverDeps().db, 50), getTranslations("support"), getFormatter()]);
  return (
    <>
      <h1 className="text-2xl font-bold">{t("title")}</h1>
      <Card title={t("search.title")}>
        <SearchBox search={searchAction} />
      </Card>
      <Card title={t("recentActivity")}>
        {events.length === 0 ? (
          <p className="text-stone-600">{t("empty")}</p>
        ) : (
          <ul className="divide-y divide-stone-100 text-sm">
            {events.map((event) => (
              <li key={event.id} className="py-2">
                <time dateTime={event.createdAt.toISOString()} className="text-stone-500">
                  {format.dateTime(event.createdAt, "timestamp")}
                </time>{" "}
                {t.rich("event", {
                  // The system's stored label is an English note ("job queue"): it reads as Castello itself.
                  actor: event.actorType === "system" || !event.actorLabel ? t("actorType", { type: event.actorType }) : event.actorLabel,
                  // Audit actions are codes like "tenant.create": the select's keys spell them with "_".
                  action: t("action", { action: event.action.replaceAll(".", "_"), code: event.action }),
                  // A person is their `sub`, 64 hex characters: the start is enough to tell them apart here.
                  entity: t("entity", {
                    type: event.entityType,
                    id: event.entityType === "person" ? `${event.entityId.slice(0, 8)}…` : event.entityId,
                  }),
                  who: (chunks) => <span className="font-medium">{chunks}</span>,
                  what: (chunks) => <span className="break-all text-stone-500">{chunks}</span>,
                })}
              </li>
            ))}
          </ul>
        )}
      </Card>
    </>
  );
}
