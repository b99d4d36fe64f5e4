import type { IncomingMessage, ServerResponse } from "node:http";
import { parseCookies, redirect, sendHtml } from "../../authentik/http";
import { ImmichCookie, loginCookies, logoutCookies, oauthFinishedCookies, oauthStartCookies } from "../cookies";
import { ImmichHttpError } from "../errors";
import { readMultipart } from "../http";
import { finishOAuth, oauthFailure, startOAuth } from "../oauth-login";
import type { RouteServices } from "../router";
import { uploadFile } from "../routes/assets";
import type { StoredUser } from "../store";
import { loginPage, photosPage, type TimelineEntry } from "./pages";

const LOGIN_PATH = "/auth/login";
const PHOTOS_PATH = "/photos";

/**
 * The web app's pages, rendered on the server where Immich's SvelteKit app works in the browser:
 *   GET  /              → /photos
 *   GET  /auth/login    the login page; `?autoLaunch=1` goes straight to the IdP, `?code=&state=`
 *                       finishes the login (redirect URI `<origin>/auth/login`) and goes to /photos
 *   GET  /photos        who is signed in (else → /auth/login?continue=/photos)
 *   POST /photos/upload one file (multipart), with Immich's quota rule → /photos
 *   POST /auth/logout   ends the Immich session (not the IdP's) → /auth/login?autoLaunch=0
 */
export async function handleWebPage(req: IncomingMessage, res: ServerResponse, url: URL, services: RouteServices): Promise<boolean> {
  const route = `${req.method} ${url.pathname}`;
  if (route === "GET /") redirect(res, PHOTOS_PATH);
  else if (route === `GET ${LOGIN_PATH}`) await login(req, res, url, services);
  else if (route === `GET ${PHOTOS_PATH}`) photos(req, res, url, services);
  else if (route === `POST ${PHOTOS_PATH}/upload`) await upload(req, res, services);
  else if (route === "POST /auth/logout") logout(req, res, services);
  else return false;
  return true;
}

function signedIn(req: IncomingMessage, { store }: RouteServices): StoredUser | undefined {
  const token = parseCookies(req)[ImmichCookie.AccessToken];
  const session = token ? store.findSessionByToken(token) : undefined;
  return session && store.getUser(session.userId);
}

/** The browser's view of this server's origin (`location.origin` in the web app). */
function origin(req: IncomingMessage): string {
  return `http://${req.headers.host ?? "127.0.0.1"}`;
}

/** web/src/lib/utils.ts `oauth.isCallback`, `isAutoLaunchDisabled`, `isAutoLaunchEnabled`: plain substring tests. */
const isCallback = (search: string) => search.includes("code=") || search.includes("error=");
const isAutoLaunchDisabled = (search: string) => ["autoLaunch=0", "password=1", "password=true"].some((value) => search.includes(value));
const isAutoLaunchEnabled = (search: string) => search.includes("autoLaunch=1");

async function login(req: IncomingMessage, res: ServerResponse, url: URL, services: RouteServices): Promise<void> {
  const { oauth } = services.config;
  const show = (error?: string, headers: Record<string, string | string[]> = {}) => {
    for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
    sendHtml(res, 200, loginPage({ oauthEnabled: oauth.enabled, buttonText: oauth.buttonText, error }));
  };

  // +page.ts: a signed-in browser goes on to `continue` (default /photos).
  if (signedIn(req, services)) return redirect(res, continueUrl(url));
  if (!oauth.enabled) return show();

  if (isCallback(url.search)) {
    try {
      const { token } = await finishOAuth(services.store, oauth, { url: `${origin(req)}${url.pathname}${url.search}` }, parseCookies(req));
      return redirect(res, PHOTOS_PATH, { "set-cookie": [...loginCookies(token, "oauth"), ...oauthFinishedCookies()] });
    } catch (error) {
      const failure = oauthFailure(error);
      return show(failure.message, failure.headers);
    }
  }

  if ((oauth.autoLaunch && !isAutoLaunchDisabled(url.search)) || isAutoLaunchEnabled(url.search)) {
    try {
      const { url: authorizationUrl, state, codeVerifier } = await startOAuth(oauth, { redirectUri: `${origin(req)}${LOGIN_PATH}` });
      return redirect(res, authorizationUrl, { "set-cookie": oauthStartCookies(state, codeVerifier) });
    } catch (error) {
      if (!(error instanceof ImmichHttpError)) throw error;
      return show(error.message);
    }
  }
  show();
}

/** Only a path on this server: `continue` must not send the browser elsewhere. */
function continueUrl(url: URL): string {
  const target = url.searchParams.get("continue");
  return target?.startsWith("/") && !target.startsWith("//") ? target : PHOTOS_PATH;
}

function timelineOf(user: StoredUser, { store }: RouteServices): TimelineEntry[] {
  return store.timelineOf(user.id).map((asset) => ({
    asset,
    sharedBy: asset.ownerId === user.id ? undefined : store.getUser(asset.ownerId, { withDeleted: true })?.name,
  }));
}

function photos(req: IncomingMessage, res: ServerResponse, url: URL, services: RouteServices): void {
  const user = signedIn(req, services);
  if (!user) {
    // A session deleted elsewhere (DELETE /api/sessions, logout) signs the browser out: its stale cookie goes.
    const stale: Record<string, string[]> = parseCookies(req)[ImmichCookie.AccessToken] ? { "set-cookie": logoutCookies() } : {};
    return redirect(res, `${LOGIN_PATH}?${new URLSearchParams({ continue: url.pathname + url.search })}`, stale);
  }
  sendHtml(res, 200, photosPage(user, timelineOf(user, services)));
}

/**
 * The web app's upload (POST /api/assets as the signed-in user), with the API's checks: a
 * refusal ("Quota has been exceeded!"; a quota of 0 allows nothing) re-renders the page with the
 * message as an alert; a success goes back to the timeline.
 */
async function upload(req: IncomingMessage, res: ServerResponse, services: RouteServices): Promise<void> {
  const user = signedIn(req, services);
  if (!user) return redirect(res, `${LOGIN_PATH}?${new URLSearchParams({ continue: PHOTOS_PATH })}`);
  const form = await readMultipart(req);
  try {
    await uploadFile(services.store, user, form?.get("assetData"));
  } catch (error) {
    if (!(error instanceof ImmichHttpError)) throw error;
    return sendHtml(res, error.status, photosPage(user, timelineOf(user, services), error.message));
  }
  res.writeHead(303, { location: PHOTOS_PATH });
  res.end();
}

function logout(req: IncomingMessage, res: ServerResponse, { store }: RouteServices): void {
  const token = parseCookies(req)[ImmichCookie.AccessToken];
  const session = token ? store.findSessionByToken(token) : undefined;
  if (session) store.deleteSession(session.id);
  redirect(res, `${LOGIN_PATH}?autoLaunch=0`, { "set-cookie": logoutCookies() });
}
