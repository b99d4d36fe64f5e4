import { Permission, type SessionResponseDto } from "@immich/sdk";
import { noAccess } from "../errors";
import { noContent, ok, protectedRoute, type Route } from "../router";
import { parse, UUIDParamSchema } from "../schemas";
import type { StoredSession } from "../store";

function mapSession(session: StoredSession, currentId: string | undefined): SessionResponseDto {
  return {
    id: session.id,
    createdAt: session.createdAt.toISOString(),
    updatedAt: session.updatedAt.toISOString(),
    current: session.id === currentId,
    deviceOS: "",
    deviceType: "",
    appVersion: null,
    isPendingSyncReset: false,
  };
}

/**
 * /api/sessions (server/src/controllers/session.controller.ts, services/session.service.ts): always
 * the caller's own sessions. A deleted session's token is refused at once ("Invalid user token"),
 * by the API and by the fake's web pages.
 */
export const sessionRoutes: Route[] = [
  protectedRoute("GET", "/api/sessions", { permission: Permission.SessionRead }, ({ store }, auth) =>
    ok(store.listSessions(auth.user.id).map((session) => mapSession(session, auth.session?.id))),
  ),

  // deleteAll: every session of the caller but the one making the call.
  protectedRoute("DELETE", "/api/sessions", { permission: Permission.SessionDelete }, ({ store }, auth) => {
    for (const session of store.listSessions(auth.user.id)) if (session.id !== auth.session?.id) store.deleteSession(session.id);
    return noContent();
  }),

  protectedRoute("DELETE", "/api/sessions/:id", { permission: Permission.SessionDelete }, ({ params, store }, auth) => {
    const { id } = parse(UUIDParamSchema, params);
    if (store.getSession(id)?.userId !== auth.user.id) throw noAccess(Permission.SessionDelete);
    store.deleteSession(id);
    return noContent();
  }),
];
