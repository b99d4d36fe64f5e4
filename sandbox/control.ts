import type { RouteHandler, FakeAuthentikContext } from "./authentik/server";
import { readBody, sendJson } from "./authentik/http";

/**
 * Sandbox-only control routes under /-/sandbox/, for tests that seed their own people.
 * Not part of Authentik; the product never calls them.
 */
export function sandboxControlRoutes(context: FakeAuthentikContext): RouteHandler {
  return async (req, res, url) => {
    if (url.pathname !== "/-/sandbox/users" || req.method !== "POST") return false;
    const input = JSON.parse(await readBody(req)) as {
      username: string;
      name: string;
      email: string;
      password: string;
      groups?: string[];
    };
    const user = context.directory.createUser(input);
    sendJson(res, 201, { pk: user.pk, uid: user.uid, username: user.username });
    return true;
  };
}
