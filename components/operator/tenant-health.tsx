import type { PhotosHealth } from "@/lib/photos/port";

/** Streams in after the table: a live Immich ping and version for one tenant. */
export async function TenantHealth({ health }: { health: Promise<PhotosHealth> | undefined }) {
  const result = await health;
  if (!result) return null;
  return result.reachable ? (
    <span className="text-emerald-700">Immich {result.version}</span>
  ) : (
    <span className="text-red-700" title={result.error}>
      Immich unreachable
    </span>
  );
}

export function HealthPending() {
  return <span className="text-stone-400">checking…</span>;
}
