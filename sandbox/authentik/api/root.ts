import type { Route } from "./router";
import { AUTHENTIK_VERSION } from "./version";

export { AUTHENTIK_VERSION };

/** authentik.root ConfigView (AllowAny): what the web UI reads before login. */
function config() {
  return {
    status: 200,
    body: {
      error_reporting: { enabled: false, sentry_dsn: "", environment: "customer", send_pii: false, traces_sample_rate: 0 },
      capabilities: ["can_save_media", "can_geo_ip", "can_impersonate"],
      cache_timeout: 300,
      cache_timeout_flows: 300,
      cache_timeout_policies: 300,
    },
  };
}

/** authentik.admin.api.version.VersionView */
function version() {
  return {
    status: 200,
    body: {
      version_current: AUTHENTIK_VERSION,
      version_latest: AUTHENTIK_VERSION,
      version_latest_valid: true,
      build_hash: "",
      outdated: false,
      outpost_outdated: false,
    },
  };
}

export const rootRoutes: Route[] = [
  { method: "GET", path: "/root/config/", handler: config, public: true },
  { method: "GET", path: "/admin/version/", handler: version },
];
