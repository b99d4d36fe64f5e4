import { ANONYMOUS_USER, eventUser, type RequestInfo } from "../api/event-log";
import type { ApiState } from "../api/state";
import { userRef } from "../api/user-serializers";
import type { DirectoryUser } from "../directory";

const SENSITIVE = /pass|token|secret|api|key|signature|credentials/i;

/** authentik.events.utils.sanitize_dict: what the `user_write` event may show of the prompt data. */
function sanitize(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sanitize);
  if (value === null || typeof value !== "object") return value;
  return Object.fromEntries(
    Object.entries(value as Record<string, unknown>).map(([key, inner]) => [
      key,
      SENSITIVE.test(key) ? "********************" : sanitize(inner),
    ]),
  );
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/** UserWriteStageView.write_attribute: `attributes.a_b` / `attributes_a_b` become the path a.b. */
function writeAttributePath(attributes: Record<string, unknown>, key: string, value: unknown): void {
  const parts = key.replace(/_/g, ".").split(".").slice(1);
  let target = attributes;
  for (const part of parts.slice(0, -1)) {
    if (!isPlainObject(target[part])) target[part] = {};
    target = target[part] as Record<string, unknown>;
  }
  const last = parts.at(-1);
  if (last) target[last] = value;
}

/**
 * The blueprint's user write stage (`user_creation_mode: always_create`, active internal user):
 * creates the user from the plan's prompt data. As upstream, `attributes` (a nested object) is
 * merged into `user.attributes` one level deep, `attributes.*` keys are written as paths, and keys
 * the user model does not have are dropped. Throws if the username was taken in the meantime.
 */
export function writeUser(state: ApiState, data: Record<string, unknown>, request: RequestInfo): DirectoryUser {
  const text = (key: string) => (typeof data[key] === "string" ? (data[key] as string) : "");
  const attributes: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(data)) {
    if (key === "attributes" && isPlainObject(value)) Object.assign(attributes, structuredClone(value));
    else if (key.startsWith("attributes.") || key.startsWith("attributes_")) writeAttributePath(attributes, key, structuredClone(value));
  }
  const user = state.directory.createUser({
    username: text("username"),
    name: text("name"),
    email: text("email"),
    password: text("password"),
    attributes,
    path: "users",
    type: "internal",
  });
  // The AuditMiddleware logs the save as the (still anonymous) visitor; the stage's own signal
  // logs `user_write` as the written user.
  state.events.model("model_created", userRef(user), ANONYMOUS_USER, request);
  state.events.record({
    action: "user_write",
    app: "authentik.events.signals",
    user: eventUser(user),
    context: { ...(sanitize(data) as Record<string, unknown>), created: true },
    request,
  });
  return user;
}
