import { retryRead } from "@/lib/integrations/retry";
import type { IdentityEvent } from "../port";
import { callAuthentik, type AuthentikApis } from "./client";

/** Authentik's own audit log about one user, newest first. */
export async function eventsOf(apis: AuthentikApis, username: string, limit = 50): Promise<IdentityEvent[]> {
  const page = await retryRead(() =>
    callAuthentik(() => apis.events.eventsEventsList({ username, ordering: "-created", pageSize: limit })),
  );
  return page.results.map((event) => ({
    id: event.pk,
    action: String(event.action),
    createdAt: event.created,
    clientIp: event.clientIp ?? null,
  }));
}
