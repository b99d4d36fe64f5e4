import type { FaultRule } from "../sandbox/faults";
import { E2E_AUTHENTIK_URL, E2E_IMMICH_URL } from "./ports";

/** Tests steer the running fakes over their sandbox-only control endpoints. */
export async function injectFault(system: "authentik" | "immich", rule: FaultRule): Promise<void> {
  const base = system === "authentik" ? E2E_AUTHENTIK_URL : E2E_IMMICH_URL;
  const response = await fetch(`${base}/-/sandbox/faults`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(rule) });
  if (response.status !== 204) throw new Error(`fault injection answered ${response.status}`);
}

export async function clearFaults(system: "authentik" | "immich"): Promise<void> {
  const base = system === "authentik" ? E2E_AUTHENTIK_URL : E2E_IMMICH_URL;
  await fetch(`${base}/-/sandbox/faults`, { method: "DELETE" });
}

/** A fresh key on the fake Immich; `ownerIsAdmin: false` gives a non-admin's key. */
export async function createImmichApiKey(permissions: string[] = ["all"], ownerIsAdmin = true): Promise<string> {
  const response = await fetch(`${E2E_IMMICH_URL}/-/sandbox/api-keys`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ permissions, ownerIsAdmin }),
  });
  if (!response.ok) throw new Error(`api key creation answered ${response.status}`);
  return ((await response.json()) as { secret: string }).secret;
}
