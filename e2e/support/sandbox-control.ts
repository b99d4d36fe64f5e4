import type { FaultRule } from "../../sandbox/faults";
import { SANDBOX_API_TOKEN } from "../../sandbox/start";
import { E2E_AUTHENTIK_URL, E2E_IMMICH_URL, E2E_MAILBOX_URL } from "./ports";

/** Tests steer the running fakes over their sandbox-only control endpoints. */
export async function injectFault(system: "authentik" | "immich", rule: FaultRule): Promise<void> {
  const base = system === "authentik" ? E2E_AUTHENTIK_URL : E2E_IMMICH_URL;
  const response = await fetch(`${base}/-/sandbox/faults`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(rule),
  });
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

/** Makes the mail catcher refuse (451) every message until cleared. */
export async function failMail(): Promise<void> {
  const response = await fetch(`${E2E_MAILBOX_URL}/-/sandbox/faults`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ mode: "reject" }),
  });
  if (response.status !== 204) throw new Error(`mail fault answered ${response.status}`);
}

export async function restoreMail(): Promise<void> {
  await fetch(`${E2E_MAILBOX_URL}/-/sandbox/faults`, { method: "DELETE" });
}

/** The invitation links mailed to an address, newest first. */
export async function mailedLinks(to: string): Promise<string[]> {
  const response = await fetch(`${E2E_MAILBOX_URL}/api/messages?to=${encodeURIComponent(to)}`);
  const messages = (await response.json()) as { links: string[] }[];
  return messages.flatMap((message) => message.links.filter((link) => link.includes("/invite/")));
}

/** The subjects of the mails sent to an address, newest first. */
export async function mailedSubjects(to: string): Promise<string[]> {
  const response = await fetch(`${E2E_MAILBOX_URL}/api/messages?to=${encodeURIComponent(to)}`);
  return ((await response.json()) as { subject: string }[]).map((message) => message.subject);
}

/** What the fake Immich holds for an address (through its admin API, as an operator would see it). */
export async function immichUserByEmail(
  email: string,
): Promise<{ id: string; status: string; quotaSizeInBytes: number | null } | undefined> {
  const key = await createImmichApiKey();
  const response = await fetch(`${E2E_IMMICH_URL}/api/admin/users?withDeleted=true`, { headers: { "x-api-key": key } });
  const users = (await response.json()) as { id: string; email: string; status: string; quotaSizeInBytes: number | null }[];
  return users.find((user) => user.email === email);
}

/** What the fake Authentik holds for an address (through its API, with the sandbox token). */
export async function authentikUserByEmail(
  email: string,
): Promise<{ pk: number; is_active: boolean; groups_obj?: { name: string }[] } | undefined> {
  const response = await fetch(`${E2E_AUTHENTIK_URL}/api/v3/core/users/?email=${encodeURIComponent(email)}&include_groups=true`, {
    headers: { authorization: `Bearer ${SANDBOX_API_TOKEN}` },
  });
  const page = (await response.json()) as { results: { pk: number; is_active: boolean; groups_obj?: { name: string }[] }[] };
  return page.results[0];
}
