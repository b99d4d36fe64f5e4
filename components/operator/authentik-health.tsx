import type { IdentityHealth } from "@/lib/identity/port";

/** Streams in: whether Authentik answers and accepts Castello's API token. */
export async function AuthentikHealthBadge({ health }: { health: Promise<IdentityHealth> }) {
  const result = await health;
  if (result.reachable && result.credentialsAccepted) return <p className="text-emerald-700">Authentik reachable, API token accepted.</p>;
  return (
    <p role="alert" className="text-red-700">
      {result.reachable ? "Authentik is reachable but refused Castello's API token. " : "Authentik is unreachable. "}
      {result.error}
    </p>
  );
}
