import type { FaultInjector } from "../../faults";
import { applyFaults } from "../fault-hook";
import type { OidcApplication } from "../oidc";
import type { FakeAuthentikContext, RouteHandler } from "../server";
import { applicationRoutes } from "./applications";
import { authenticatorRoutes } from "./authenticators";
import { bindingRoutes } from "./bindings";
import { cryptoRoutes } from "./crypto";
import { eventRoutes } from "./events";
import { flowRoutes } from "./flows";
import { groupRoutes } from "./groups";
import { invitationRoutes } from "./invitations";
import { policyBindingRoutes } from "./policy-bindings";
import { propertyMappingRoutes } from "./property-mappings";
import { providerRoutes } from "./providers";
import { rootRoutes } from "./root";
import { API_PREFIX, createDispatcher, type Route } from "./router";
import { stageRoutes } from "./stages";
import type { ApiState } from "./state";
import { userRecoveryRoutes } from "./user-recovery";
import { userRoutes } from "./users";

export { ApiState, type ApiStateOptions, type InvitationUse } from "./state";
export { ENROLLMENT_FLOW_SLUG, RECOVERY_FLOW_SLUG } from "./seeds";
export { userCanAccess } from "./policy-engine";
export { SELF_SIGNED_NAME } from "./certificates";
export type {
  ApplicationRecord,
  CertificateKeyPairRecord,
  DeviceKind,
  DeviceRecord,
  FlowStageBindingRecord,
  InvitationRecord,
  OAuth2ProviderRecord,
  PolicyBindingRecord,
  ScopeMappingRecord,
  StageKind,
  StageRecord,
} from "./records";
export type { EventRecord, RequestInfo } from "./event-log";

export interface AuthentikApiOptions {
  /** The API token the product is configured with (`Authorization: Bearer <token>`). */
  token: string;
  /** Faults for `/api/v3/...`; also serves `/-/sandbox/faults` if the server was given none. */
  faults?: FaultInjector;
  /**
   * Pass one to reach into the fake from a test; its directory must be the server's. It becomes
   * the state the server's OIDC issuers are served from (one per server).
   */
  state?: ApiState;
  /** Seeds a provider and an application per OIDC application missing from the state. */
  applications?: OidcApplication[];
}

const ROUTES: Route[] = [
  ...userRecoveryRoutes,
  ...userRoutes,
  ...groupRoutes,
  ...applicationRoutes,
  ...invitationRoutes,
  ...stageRoutes,
  ...flowRoutes,
  ...bindingRoutes,
  ...authenticatorRoutes,
  ...propertyMappingRoutes,
  ...providerRoutes,
  ...cryptoRoutes,
  ...policyBindingRoutes,
  ...eventRoutes,
  ...rootRoutes,
];

/** A route factory for `startFakeAuthentik({ routes })` serving Authentik's API v3 under `/api/v3/`. */
export function authentikApiRoutes(options: AuthentikApiOptions): (context: FakeAuthentikContext) => RouteHandler {
  return (context) => {
    const state = options.state ?? context.state();
    if (state.directory !== context.directory) {
      throw new Error("authentikApiRoutes: the ApiState's directory must be the one given to startFakeAuthentik");
    }
    context.useState(state);
    for (const app of options.applications ?? []) state.addOidcApplication(app);
    const dispatch = createDispatcher(ROUTES, state, options.token);
    return async (req, res, url) => {
      const ours = url.pathname === "/-/sandbox/faults" || url.pathname === API_PREFIX || url.pathname.startsWith(`${API_PREFIX}/`);
      if (!ours) return false;
      if (await applyFaults(options.faults, req, res, url.pathname)) return true;
      return dispatch(req, res, url);
    };
  };
}
