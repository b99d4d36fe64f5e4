import { IntegrationError } from "@/lib/integrations/errors";
import { retryRead } from "@/lib/integrations/retry";
import { callAuthentik, type AuthentikApis } from "./client";

export interface AuthentikHealth {
  reachable: boolean;
  tokenAccepted?: boolean;
  error?: string;
}

/** Reachable (public config) and the token accepted (a one-item group list); never throws. */
export async function authentikHealth(apis: AuthentikApis): Promise<AuthentikHealth> {
  try {
    await retryRead(() => callAuthentik(() => apis.root.rootConfigRetrieve()), { attempts: 2 });
  } catch (error) {
    return { reachable: false, error: error instanceof IntegrationError ? error.userMessage : "unknown error" };
  }
  try {
    await callAuthentik(() => apis.core.coreGroupsList({ pageSize: 1 }));
    return { reachable: true, tokenAccepted: true };
  } catch (error) {
    return { reachable: true, tokenAccepted: false, error: error instanceof IntegrationError ? error.userMessage : "unknown error" };
  }
}
