import type { IncomingMessage, ServerResponse } from "node:http";
import type { FaultInjector } from "../faults";
import { readBody } from "./http";

// The same injector may be handed to both the server and the API routes; a request must meet it once.
const seen = new WeakMap<FaultInjector, WeakSet<IncomingMessage>>();

/**
 * Serves `/-/sandbox/faults` and applies the injector's faults to the request.
 * Returns true when the request was answered (or dropped) here.
 */
export async function applyFaults(
  faults: FaultInjector | undefined,
  req: IncomingMessage,
  res: ServerResponse,
  pathname: string,
): Promise<boolean> {
  if (!faults) return false;
  let requests = seen.get(faults);
  if (!requests) seen.set(faults, (requests = new WeakSet()));
  if (requests.has(req)) return false;
  requests.add(req);
  if (await faults.handleControl(req, res, pathname, () => readBody(req))) return true;
  return faults.apply(req, res, pathname);
}
