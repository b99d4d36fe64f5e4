import type { IncomingMessage, ServerResponse } from "node:http";
import { ANONYMOUS_USER, eventUser, type RequestInfo } from "../api/event-log";
import { ENROLLMENT_FLOW_SLUG } from "../api/seeds";
import type { ApiState } from "../api/state";
import { readForm, redirect, sendHtml } from "../http";
import type { FakeAuthentikContext, RouteHandler } from "../server";
import { deniedPage, promptPage, totpPage } from "./enrollment-pages";
import { initialValue, PROMPT_FIELDS, validatePrompt } from "./prompt";
import { FlowSessionStore } from "./session";
import { checkTotpCode, newTotpSecret, qrDataUrl, totpUri } from "./totp";
import { writeUser } from "./user-write";

export interface EnrollmentFlowOptions {
  state: ApiState;
  /** The portal's URL, no trailing slash: the redirect stage's target is `<castelloUrl>/onboarding/complete`. */
  castelloUrl: string;
}

/** What remains of the flow plan once the invitation stage has run. */
interface EnrollmentPlan {
  step: "prompt" | "totp";
  /** The plan's `prompt_data`: the invitation's fixed_data, then the prompt's answers. */
  promptData: Record<string, unknown>;
  userPk?: number;
  totpSecret?: string;
}

export const ENROLLMENT_FLOW_PATH = `/if/flow/${ENROLLMENT_FLOW_SLUG}/`;

/** Upstream messages (authentik/stages/*, authentik/flows/*). */
const MESSAGES = {
  invalidInvitation: "Invalid invite/invite not found",
  notApplicable: "Flow does not apply to current user.",
  writeFailed: "Failed to update user. Please try again later.",
  codeMismatch: "Code does not match",
  required: "This field is required.",
  notInteger: "A valid integer is required.",
};

/** TOTPDevice name given by Authentik's TOTP setup stage. */
const TOTP_DEVICE_NAME = "TOTP Authenticator";

function requestInfo(req: IncomingMessage, url: URL): RequestInfo {
  return {
    path: url.pathname,
    method: req.method ?? "GET",
    args: Object.fromEntries(url.searchParams),
    userAgent: req.headers["user-agent"] ?? "",
    clientIp: req.socket.remoteAddress ?? null,
  };
}

/**
 * A route factory for `startFakeAuthentik({ routes })`: the `castello-enrollment` flow of the
 * blueprint, rendered as plain pages at `/if/flow/castello-enrollment/?itoken=<invitation pk>`.
 * Stages, in order: invitation, prompt, user write, MFA (TOTP set-up), user login, redirect.
 */
export function enrollmentFlowRoutes(options: EnrollmentFlowOptions): (context: FakeAuthentikContext) => RouteHandler {
  const { state } = options;
  const target = `${options.castelloUrl.replace(/\/+$/, "")}/onboarding/complete`;
  return (context) => {
    if (state.directory !== context.directory) {
      throw new Error("enrollmentFlowRoutes: the ApiState's directory must be the one given to startFakeAuthentik");
    }
    context.useState(state);
    const plans = new FlowSessionStore<EnrollmentPlan>("authentik_enrollment_plan", ENROLLMENT_FLOW_PATH);
    const title = () => state.flowBySlug(ENROLLMENT_FLOW_SLUG)?.title ?? "Enrollment";

    function deny(req: IncomingMessage, res: ServerResponse, message: string): void {
      plans.end(req, res);
      sendHtml(res, 200, deniedPage(message));
    }

    /** The planner, then the invitation stage: consumes the invitation and seeds prompt_data. */
    function plan(req: IncomingMessage, res: ServerResponse, url: URL): EnrollmentPlan | undefined {
      // `authentication: require_unauthenticated`: the planner refuses a signed-in visitor.
      if (context.sessionUser(req) !== undefined) {
        deny(req, res, MESSAGES.notApplicable);
        return undefined;
      }
      const use = state.consumeInvitation(url.searchParams.get("itoken") ?? "", {
        flowSlug: ENROLLMENT_FLOW_SLUG,
        request: requestInfo(req, url),
      });
      if (!use.ok) {
        deny(req, res, MESSAGES.invalidInvitation);
        return undefined;
      }
      return plans.start(req, res, { step: "prompt", promptData: use.fixedData });
    }

    async function show(req: IncomingMessage, res: ServerResponse, url: URL, current: EnrollmentPlan, error?: string): Promise<void> {
      const action = url.pathname + url.search;
      if (current.step === "prompt") {
        const values = Object.fromEntries(PROMPT_FIELDS.map((field) => [field.key, initialValue(current.promptData, field.key)]));
        return sendHtml(res, 200, promptPage({ title: title(), action, values }));
      }
      const user = state.directory.getUser(current.userPk!);
      if (!user) return deny(req, res, MESSAGES.writeFailed);
      const uri = totpUri(current.totpSecret!, user.username);
      sendHtml(
        res,
        200,
        totpPage({ title: title(), action, username: user.username, secret: current.totpSecret!, uri, qr: await qrDataUrl(uri), error }),
      );
    }

    async function submitPrompt(req: IncomingMessage, res: ServerResponse, url: URL, current: EnrollmentPlan): Promise<void> {
      const result = validatePrompt(await readForm(req), current.promptData, state.directory);
      if (!result.ok) {
        return sendHtml(
          res,
          200,
          promptPage({ title: title(), action: url.pathname + url.search, values: result.values, errors: result.errors }),
        );
      }
      current.promptData = { ...current.promptData, ...result.answers };
      let userPk: number;
      try {
        userPk = writeUser(state, current.promptData, requestInfo(req, url)).pk;
      } catch {
        return deny(req, res, MESSAGES.writeFailed);
      }
      // MFA stage: a brand-new user has no device, so `not_configured_action: configure` starts the TOTP set-up.
      Object.assign(current, { step: "totp", userPk, totpSecret: newTotpSecret() });
      redirect(res, url.pathname + url.search);
    }

    async function submitTotp(req: IncomingMessage, res: ServerResponse, url: URL, current: EnrollmentPlan): Promise<void> {
      const code = ((await readForm(req)).get("code") ?? "").replace(/\s+/g, "");
      const error = code === "" ? MESSAGES.required : !/^\d+$/.test(code) ? MESSAGES.notInteger : undefined;
      // The stage's code is an IntegerField: leading zeros are optional.
      if (error || !checkTotpCode(current.totpSecret!, code.padStart(6, "0")))
        return show(req, res, url, current, error ?? MESSAGES.codeMismatch);
      const user = state.directory.getUser(current.userPk!);
      if (!user) return deny(req, res, MESSAGES.writeFailed);
      const request = requestInfo(req, url);
      state.addDevice(user.pk, "totp", { name: TOTP_DEVICE_NAME, confirmed: true, actor: ANONYMOUS_USER, request });
      // User login stage.
      context.startSession(res, user.pk);
      user.lastLogin = new Date();
      // An enrollment sets no authentication method, so the login event carries none.
      state.events.record({ action: "login", app: "authentik.events.signals", user: eventUser(user), context: {}, request });
      // Redirect stage (static); the plan is done.
      plans.end(req, res);
      redirect(res, target);
    }

    return async (req, res, url) => {
      if (url.pathname !== ENROLLMENT_FLOW_PATH) return false;
      if (req.method !== "GET" && req.method !== "POST") {
        res.writeHead(405, { allow: "GET, POST" }).end();
        return true;
      }
      // As Authentik's executor, an existing plan for this flow is continued, whatever the query.
      const existing = plans.get(req);
      if (!existing) {
        const fresh = plan(req, res, url);
        if (fresh) await show(req, res, url, fresh);
        return true;
      }
      if (req.method === "GET") await show(req, res, url, existing);
      else if (existing.step === "prompt") await submitPrompt(req, res, url, existing);
      else await submitTotp(req, res, url, existing);
      return true;
    };
  };
}
