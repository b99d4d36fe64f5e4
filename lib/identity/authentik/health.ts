import { message } from "@/lib/i18n/message";
import { IntegrationError } from "@/lib/integrations/errors";
import { retryRead } from "@/lib/integrations/retry";
import type { IdentityHealth } from "../port";
import { callAuthentik, type AuthentikApis } from "./client";

const whatWentWrong = (error: unknown) => (error instanceof IntegrationError ? error.userText : message("operator.health.unknownError"));

/** Reachable (public config) and the token accepted (a one-item group list); never throws. */
export async function authentikHealth(apis: AuthentikApis): Promise<IdentityHealth> {
  try {
    await retryRead(() => callAuthentik(() => apis.root.rootConfigRetrieve()), { attempts: 2 });
  } catch (error) {
    return { reachable: false, error: whatWentWrong(error) };
  }
  try {
    await callAuthentik(() => apis.core.coreGroupsList({ pageSize: 1 }));
    return { reachable: true, credentialsAccepted: true };
  } catch (error) {
    return { reachable: true, credentialsAccepted: false, error: whatWentWrong(error) };
  }
}
