import { randomBytes } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { parseCookies } from "../http";

/**
 * Per-browser state of a flow, like the flow plan Authentik keeps in the session: keyed by a
 * cookie scoped to the flow's path, so it never mixes with the single sign-on cookie.
 */
export class FlowSessionStore<Plan> {
  private plans = new Map<string, Plan>();

  constructor(
    private readonly cookieName: string,
    private readonly path: string,
  ) {}

  get(req: IncomingMessage): Plan | undefined {
    const id = parseCookies(req)[this.cookieName];
    return id ? this.plans.get(id) : undefined;
  }

  /** Stores a new plan for this browser (a fresh id, so an old cookie cannot resume it). */
  start(req: IncomingMessage, res: ServerResponse, plan: Plan): Plan {
    const previous = parseCookies(req)[this.cookieName];
    if (previous) this.plans.delete(previous);
    const id = randomBytes(24).toString("base64url");
    this.plans.set(id, plan);
    res.appendHeader("set-cookie", `${this.cookieName}=${id}; Path=${this.path}; HttpOnly; SameSite=Lax`);
    return plan;
  }

  end(req: IncomingMessage, res: ServerResponse): void {
    const id = parseCookies(req)[this.cookieName];
    if (!id || !this.plans.delete(id)) return;
    res.appendHeader("set-cookie", `${this.cookieName}=; Path=${this.path}; HttpOnly; SameSite=Lax; Max-Age=0`);
  }
}
