import { getConfig, updateConfig } from "@immich/sdk";
import { retryRead } from "@/lib/integrations/retry";
import type { PhotosOAuthSettings } from "../port";
import { callImmich, type ImmichConnection } from "./client";

export async function getImmichOAuthSettings(connection: ImmichConnection): Promise<PhotosOAuthSettings> {
  const { oauth } = await retryRead(() => callImmich(connection, (options) => getConfig(options)));
  return {
    enabled: oauth.enabled,
    issuerUrl: oauth.issuerUrl,
    clientId: oauth.clientId,
    clientSecret: oauth.clientSecret,
    scope: oauth.scope,
    signingAlgorithm: oauth.signingAlgorithm,
    autoRegister: oauth.autoRegister,
    autoLaunch: oauth.autoLaunch,
    buttonText: oauth.buttonText,
    allowInsecureRequests: oauth.allowInsecureRequests,
  };
}

/**
 * Immich takes its whole configuration in one PUT: read it, change the OAuth part, write it
 * back, so whatever else an admin set (storage templates, jobs, other OAuth fields) stays.
 */
export async function setImmichOAuthSettings(connection: ImmichConnection, settings: PhotosOAuthSettings): Promise<void> {
  const config = await retryRead(() => callImmich(connection, (options) => getConfig(options)));
  await callImmich(connection, (options) =>
    updateConfig({ adminConfigDto: { ...config, oauth: { ...config.oauth, ...settings } } }, options),
  );
}
