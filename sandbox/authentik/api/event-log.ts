import { randomUUID } from "node:crypto";
import type { DirectoryUser } from "../directory";

/** authentik.events.utils.get_user */
export interface EventUser {
  pk: number;
  username: string;
  email: string;
  is_anonymous?: boolean;
}

/** authentik.events.utils.model_to_dict */
export interface ModelRef {
  app: string;
  model_name: string;
  pk: string | number;
  name: string;
}

/** What `Event.from_http` copies from the request. */
export interface RequestInfo {
  path: string;
  method: string;
  args: Record<string, string>;
  userAgent: string;
  clientIp: string | null;
  requestId?: string;
}

export interface EventRecord {
  pk: string;
  seq: number;
  user: EventUser | Record<string, never>;
  action: string;
  app: string;
  context: Record<string, unknown>;
  clientIp: string | null;
  created: Date;
  expires: Date;
  brand: Record<string, unknown>;
}

/** Authentik events are kept for `days=365` by default (the brand's event retention). */
const RETENTION_MS = 365 * 24 * 3600 * 1000;

/** Django's AnonymousUser as the event log records it (guardian's anonymous user row). */
export const ANONYMOUS_USER: EventUser = { pk: 0, username: "AnonymousUser", email: "", is_anonymous: true };

const SENSITIVE = /pass|token|secret|api|key|signature|credentials/i;

/** authentik.events.utils.cleanse_dict, for flat query arguments. */
function cleanse(args: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(args).map(([key, value]) => [key, SENSITIVE.test(key) ? "********************" : value]));
}

export function eventUser(user: DirectoryUser): EventUser {
  return { pk: user.pk, username: user.username, email: user.email };
}

/** The audit log behind `/events/events/`: Authentik's `Event` rows. */
export class EventLog {
  readonly events: EventRecord[] = [];
  private seq = 0;

  constructor(private readonly brand: Record<string, unknown>) {}

  record(input: { action: string; app: string; user?: EventUser; context?: Record<string, unknown>; request?: RequestInfo }): EventRecord {
    const created = new Date();
    const context: Record<string, unknown> = { ...(input.context ?? {}) };
    if (input.request) {
      context.http_request = {
        path: input.request.path,
        method: input.request.method,
        args: cleanse(input.request.args),
        user_agent: input.request.userAgent,
        ...(input.request.requestId ? { request_id: input.request.requestId } : {}),
      };
    }
    const event: EventRecord = {
      pk: randomUUID(),
      seq: this.seq++,
      user: input.user ?? ANONYMOUS_USER,
      action: input.action,
      app: input.app,
      context,
      clientIp: input.request?.clientIp ?? null,
      created,
      expires: new Date(created.getTime() + RETENTION_MS),
      brand: input.request ? this.brand : {},
    };
    this.events.push(event);
    return event;
  }

  /** The AuditMiddleware's model_created / model_updated / model_deleted for a write through the API. */
  model(action: "model_created" | "model_updated" | "model_deleted", model: ModelRef, user: EventUser, request?: RequestInfo): EventRecord {
    return this.record({ action, app: "authentik.events.middleware", user, context: { model }, request });
  }

  byAction(action: string): EventRecord[] {
    return this.events.filter((event) => event.action === action);
  }
}
