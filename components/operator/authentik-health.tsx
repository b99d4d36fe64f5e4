import "server-only";
import { authentikHealth } from "@/lib/authentik/health";
import { getAuthentik } from "@/lib/server/integrations";

export async function AuthentikHealthBadge() {
  const health = await authentikHealth(getAuthentik());
  if (health.reachable && health.tokenAccepted) return <p className="text-emerald-700">Authentik reachable, API token accepted.</p>;
  return (
    <p role="alert" className="text-red-700">
      {health.reachable ? "Authentik is reachable but refused Castello's API token. " : "Authentik is unreachable. "}
      {health.error}
    </p>
  );
}
