import type { Metadata } from "next";
import { Card } from "@/components/ui/card";
import { requireArea } from "@/lib/platform/viewer";
import { serverDeps } from "@/lib/platform/server";
import { listRecentAuditEvents } from "@/lib/audit/queries";

export const metadata: Metadata = { title: "Support" };

export default async function SupportPage() {
  await requireArea("support");
  const events = await listRecentAuditEvents(serverDeps().db, 50);
  return (
    <>
      <h1 className="text-2xl font-bold">Support</h1>
      <Card title="Recent activity">
        {events.length === 0 ? (
          <p className="text-stone-600">Nothing has happened yet.</p>
        ) : (
          <ul className="divide-y divide-stone-100 text-sm">
            {events.map((event) => (
              <li key={event.id} className="py-2">
                <time dateTime={event.createdAt.toISOString()} className="text-stone-500">
                  {event.createdAt.toISOString().replace("T", " ").slice(0, 16)}
                </time>{" "}
                <span className="font-medium">{event.actorLabel ?? event.actorType}</span> {event.action}{" "}
                <span className="text-stone-500">
                  {event.entityType} {event.entityId}
                </span>
              </li>
            ))}
          </ul>
        )}
      </Card>
    </>
  );
}
