import type { IncomingMessage, ServerResponse } from "node:http";
import { userCanAccess } from "./api/policy-engine";
import type { ApiState } from "./api/state";
import type { SignInRequest } from "./directory";
import { readForm, sendHtml } from "./http";
import { ACR_AUTHENTIK_DEFAULT, subjectOf } from "./oidc/claims";
import type { IssuerRegistry } from "./oidc/registry";
import { loginPage, permissionDeniedPage } from "./pages";

export interface LoginFlowOptions {
  state: ApiState;
  registry: IssuerRegistry;
  startSession: (res: ServerResponse, userPk: number) => void;
  sessionUser: (req: IncomingMessage) => number | undefined;
}

/**
 * `/if/flow/default-authentication-flow/?app=<slug>&interaction=<uid>`: where an authorization
 * request without a session lands. Identifies the user (the single sign-on session, else
 * username or e-mail and password), then applies the application's policy bindings as
 * PolicyAccessView does: a refused user stays signed in and sees "Permission denied".
 */
export function loginFlow(options: LoginFlowOptions) {
  const { state, registry } = options;
  const { directory } = state;

  return async (req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> => {
    const issuer = registry.bySlug(url.searchParams.get("app") ?? "");
    if (!issuer) return sendHtml(res, 404, "Unknown application");
    const { oidc, application, provider } = issuer;
    const action = url.pathname + url.search;
    let details;
    try {
      details = await oidc.interactionDetails(req, res);
    } catch {
      const error = "This sign-in has expired. Go back to the application and start again.";
      return sendHtml(res, 400, loginPage({ action, appName: application.name, error }));
    }
    if (details.prompt.name === "consent") {
      // Implicit consent: loadExistingGrant creates the grant.
      return oidc.interactionFinished(req, res, { consent: {} }, { mergeWithLastSubmission: true });
    }
    const signIn: SignInRequest = {
      path: url.pathname,
      method: req.method ?? "GET",
      userAgent: req.headers["user-agent"] ?? "",
      clientIp: req.socket.remoteAddress ?? null,
    };
    const finish = (pk: number, how: "password" | "session") => {
      const user = directory.getUser(pk)!;
      directory.recordLogin(user, how, signIn);
      if (!userCanAccess(state, application, user)) return sendHtml(res, 200, permissionDeniedPage());
      const login = { accountId: subjectOf(provider, user), acr: ACR_AUTHENTIK_DEFAULT, amr: ["pwd"] };
      return oidc.interactionFinished(req, res, { login }, { mergeWithLastSubmission: false });
    };
    if (req.method === "GET") {
      const existing = options.sessionUser(req);
      if (existing !== undefined) return finish(existing, "session");
      return sendHtml(res, 200, loginPage({ action, appName: application.name }));
    }
    const form = await readForm(req);
    const identifier = form.get("uid_field") ?? "";
    const user = directory.findUserByLogin(identifier);
    if (!user || !user.isActive || !directory.checkPassword(user, form.get("password") ?? "")) {
      directory.recordLoginFailed(identifier, signIn);
      return sendHtml(res, 200, loginPage({ action, appName: application.name, username: identifier, error: "Invalid password" }));
    }
    options.startSession(res, user.pk);
    return finish(user.pk, "password");
  };
}
