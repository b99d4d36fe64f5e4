import { notFound, notFoundFor } from "./errors";
import type { EventRecord } from "./event-log";
import { textParam } from "./filters";
import { canonicalUuid, formatDate, isUuid } from "./format";
import { order, paginate, search } from "./pagination";
import type { ApiRequest, Route } from "./router";
import type { ApiState } from "./state";

/** authentik.events.api.events.EventSerializer */
function serializeEvent(event: EventRecord) {
  return {
    pk: event.pk,
    user: event.user,
    action: event.action,
    app: event.app,
    context: event.context,
    client_ip: event.clientIp,
    created: formatDate(event.created),
    expires: formatDate(event.expires),
    brand: event.brand,
  };
}

const modelOf = (event: EventRecord) => (event.context.model ?? {}) as Record<string, unknown>;

/** EventsFilter: `action` is icontains; `username` matches the event's user or `context.username` (failed logins). */
function list(request: ApiRequest, state: ApiState) {
  const { query } = request;
  let events = [...state.events.events];
  const action = textParam(query, "action");
  if (action !== undefined) events = events.filter((event) => event.action.toLowerCase().includes(action.toLowerCase()));
  const actions = query.getAll("actions").filter(Boolean);
  if (actions.length > 0) events = events.filter((event) => actions.includes(event.action));
  const username = textParam(query, "username");
  if (username !== undefined)
    events = events.filter((event) => (event.user as { username?: string }).username === username || event.context.username === username);
  const clientIp = textParam(query, "client_ip");
  if (clientIp !== undefined) events = events.filter((event) => event.clientIp === clientIp);
  const modelPk = textParam(query, "context_model_pk");
  if (modelPk !== undefined) {
    const hex = modelPk.replace(/-/g, "");
    events = events.filter((event) => String(modelOf(event).pk) === hex);
  }
  const modelName = textParam(query, "context_model_name");
  if (modelName !== undefined) events = events.filter((event) => modelOf(event).model_name === modelName);
  const modelApp = textParam(query, "context_model_app");
  if (modelApp !== undefined) events = events.filter((event) => modelOf(event).app === modelApp);
  const brandName = textParam(query, "brand_name");
  if (brandName !== undefined) events = events.filter((event) => event.brand.name === brandName);
  events = search(events, query, [
    (e) => e.pk,
    (e) => JSON.stringify(e.user),
    (e) => e.action,
    (e) => e.app,
    (e) => JSON.stringify(e.context),
    (e) => e.clientIp,
  ]);
  const ordered = order(
    events,
    query,
    { created: (e) => e.seq, action: (e) => e.action, app: (e) => e.app, client_ip: (e) => e.clientIp, pk: (e) => e.pk },
    ["-created"],
  );
  return { status: 200, body: paginate(ordered, query, state, serializeEvent) };
}

function retrieve(request: ApiRequest, state: ApiState) {
  const id = request.params.event_uuid!;
  if (!isUuid(id)) throw notFound();
  const event = state.events.events.find((candidate) => candidate.pk === canonicalUuid(id));
  if (!event) throw notFoundFor("Event");
  return { status: 200, body: serializeEvent(event) };
}

export const eventRoutes: Route[] = [
  { method: "GET", path: "/events/events/", handler: list },
  { method: "GET", path: "/events/events/{event_uuid}/", handler: retrieve },
];
