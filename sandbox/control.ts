import type { ApiState } from "./authentik/api";
import type { RouteHandler, FakeAuthentikContext } from "./authentik/server";
import { readBody, sendJson } from "./authentik/http";

/**
 * Sandbox-only control routes under /-/sandbox/, for tests that seed their own people.
 * Not part of Authentik; the product never calls them.
 */
export function sandboxControlRoutes(state?: ApiState) {
  return (context: FakeAuthentikContext): RouteHandler => controlRoutes(context, state);
}

function controlRoutes(context: FakeAuthentikContext, state: ApiState | undefined): RouteHandler {
  return async (req, res, url) => {
    if (url.pathname !== "/-/sandbox/users" || req.method !== "POST") return false;
    const input = JSON.parse(await readBody(req)) as {
      username: string;
      name: string;
      email: string;
      password: string;
      groups?: string[];
      /** Authenticators the person has already set up, as their setup stages would have registered them. */
      devices?: { kind: "totp" | "webauthn"; name: string }[];
    };
    const user = context.directory.createUser(input);
    for (const device of input.devices ?? []) state?.addDevice(user.pk, device.kind, { name: device.name });
    sendJson(res, 201, { pk: user.pk, uid: user.uid, username: user.username });
    return true;
  };
}
