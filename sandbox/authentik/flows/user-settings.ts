import type { IncomingMessage, ServerResponse } from "node:http";
import type { ApiState } from "../api/state";
import { readForm, sendHtml } from "../http";
import { escapeHtml, loginPage, page } from "../pages";
import type { FakeAuthentikContext, RouteHandler } from "../server";

/** Where Authentik's user interface lives: a person's own settings, their MFA devices among them. */
export const USER_INTERFACE_PATH = "/if/user/";

/**
 * The person's own settings page, as Authentik's user interface (`/if/user/#/settings`) gives
 * it: behind the Authentik session (a login form without one), listing their MFA devices.
 */
export function userSettingsRoutes({ state }: { state: ApiState }) {
  return (context: FakeAuthentikContext): RouteHandler => {
    context.useState(state);
    return async (req: IncomingMessage, res: ServerResponse, url: URL) => {
      if (url.pathname !== USER_INTERFACE_PATH) return false;
      if (req.method === "POST") {
        const form = await readForm(req);
        const user = state.directory.findUserByLogin(form.get("uid_field") ?? "");
        if (!user || !user.isActive || !state.directory.checkPassword(user, form.get("password") ?? "")) {
          sendHtml(res, 200, loginPage({ action: USER_INTERFACE_PATH, appName: "authentik", error: "Invalid password" }));
          return true;
        }
        context.startSession(res, user.pk);
        res.writeHead(303, { location: USER_INTERFACE_PATH }).end();
        return true;
      }
      const pk = context.sessionUser(req);
      const user = pk === undefined ? undefined : state.directory.getUser(pk);
      if (!user) {
        sendHtml(res, 200, loginPage({ action: USER_INTERFACE_PATH, appName: "authentik" }));
        return true;
      }
      const devices = state.devicesOf(user.pk).filter((device) => device.confirmed);
      const list = devices.length
        ? `<ul aria-label="MFA devices">${devices.map((device) => `<li>${escapeHtml(device.name)} (${escapeHtml(device.kind)})</li>`).join("")}</ul>`
        : "<p>No MFA device yet.</p>";
      sendHtml(
        res,
        200,
        page(
          "User settings",
          `<p data-testid="authentik-user">${escapeHtml(user.name)} (${escapeHtml(user.email)})</p><h2>MFA Devices</h2>${list}`,
        ),
      );
      return true;
    };
  };
}
