import type { IncomingMessage, ServerResponse } from "node:http";

/**
 * Fault injection for the fakes, switchable per endpoint by tests: in-process through
 * `FaultInjector`, or over HTTP with `POST /-/sandbox/faults` (body: a `FaultRule`)
 * and `DELETE /-/sandbox/faults`.
 */
export type Fault =
  { kind: "delay"; ms: number } | { kind: "status"; status: number; body?: unknown } | { kind: "timeout" } | { kind: "refuse" };

export interface FaultRule {
  /** HTTP method to match; any when absent. */
  method?: string;
  /** A path prefix (`/api/admin/users`) or, between slashes, a regular expression (`/^\/api\/v3\/core\/users\/\d+\/$/`). */
  path: string;
  fault: Fault;
  /** How many matching requests to hit; every one when absent. */
  times?: number;
}

interface ActiveRule extends FaultRule {
  matcher: (path: string) => boolean;
  remaining: number;
}

function compile(path: string): (candidate: string) => boolean {
  const regex = /^\/(.+)\/([a-z]*)$/.exec(path);
  if (regex && path.length > 2 && path.startsWith("/^")) {
    const pattern = new RegExp(regex[1]!, regex[2]);
    return (candidate) => pattern.test(candidate);
  }
  return (candidate) => candidate.startsWith(path);
}

export class FaultInjector {
  private rules: ActiveRule[] = [];
  private hanging = new Set<ServerResponse>();

  add(rule: FaultRule): void {
    this.rules.push({ ...rule, matcher: compile(rule.path), remaining: rule.times ?? Number.POSITIVE_INFINITY });
  }

  clear(): void {
    this.rules = [];
    for (const res of this.hanging) res.destroy();
    this.hanging.clear();
  }

  /** Applies the first matching fault. Returns true when the request was answered (or dropped) by it. */
  async apply(req: IncomingMessage, res: ServerResponse, pathname: string): Promise<boolean> {
    const rule = this.rules.find(
      (candidate) =>
        candidate.remaining > 0 && (!candidate.method || candidate.method.toUpperCase() === req.method) && candidate.matcher(pathname),
    );
    if (!rule) return false;
    rule.remaining -= 1;
    const { fault } = rule;
    switch (fault.kind) {
      case "delay":
        await new Promise((resolve) => setTimeout(resolve, fault.ms));
        return false;
      case "status":
        res.writeHead(fault.status, { "content-type": "application/json" });
        res.end(JSON.stringify(fault.body ?? { message: "Injected fault", statusCode: fault.status }));
        return true;
      case "timeout":
        // Never answer; the client's own timeout must fire.
        this.hanging.add(res);
        res.on("close", () => this.hanging.delete(res));
        return true;
      case "refuse":
        req.socket.destroy();
        return true;
    }
  }

  /** Handles the HTTP control endpoint; returns true when the request was for it. */
  async handleControl(req: IncomingMessage, res: ServerResponse, pathname: string, readBody: () => Promise<string>): Promise<boolean> {
    if (pathname !== "/-/sandbox/faults") return false;
    if (req.method === "POST") {
      this.add(JSON.parse(await readBody()) as FaultRule);
      res.writeHead(204).end();
    } else if (req.method === "DELETE") {
      this.clear();
      res.writeHead(204).end();
    } else {
      res.writeHead(405).end();
    }
    return true;
  }
}
