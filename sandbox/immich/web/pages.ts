import { escapeHtml } from "../../authentik/pages";
import type { StoredAsset, StoredUser } from "../store";

/** Minimal stand-ins for Immich's web pages, enough for a browser test to sign in and see who it is. */
function page(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${escapeHtml(title)} - Immich (sandbox)</title>
<style>body{font-family:system-ui,sans-serif;background:#f6f6f4;color:#000;margin:0;display:grid;place-items:center;min-height:100vh}
main{background:#fff;padding:2rem;border-radius:1rem;width:min(28rem,90vw);box-shadow:0 1px 4px #0002}
button{margin-top:1rem;width:100%;padding:.6rem;border:0;border-radius:2rem;background:#4250af;color:#fff;font-weight:600;cursor:pointer}
[role=alert]{background:#fde8e8;color:#9b1c1c;padding:.75rem;border-radius:.5rem;font-weight:600}
dt{font-weight:600;margin-top:.75rem}dd{margin:0;font-family:ui-monospace,monospace;word-break:break-all}.hint{color:#666;font-size:.85rem}</style></head>
<body><main>${body}</main></body></html>`;
}

export interface LoginPageOptions {
  oauthEnabled: boolean;
  buttonText: string;
  error?: string;
}

/** web/src/routes/auth/login/+page.svelte: an error alert and the OAuth button (no password form in the fake). */
export function loginPage({ oauthEnabled, buttonText, error }: LoginPageOptions): string {
  const alert = error ? `<div role="alert">${escapeHtml(error)}</div>` : "";
  const oauth = oauthEnabled
    ? `<form method="get" action="/auth/login"><input type="hidden" name="autoLaunch" value="1"><button type="submit">${escapeHtml(buttonText)}</button></form>`
    : `<p>OAuth login is not configured on this server.</p>`;
  return page("Login", `<h1>Login</h1>${alert}${oauth}<p class="hint">Sandbox photo server: not a real Immich.</p>`);
}

const UNITS = ["B", "KiB", "MiB", "GiB", "TiB", "PiB"];

/** Immich's binary units: 10737418240 → "10 GiB". */
export function readableBytes(bytes: number): string {
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${Number(value.toFixed(2))} ${UNITS[unit]}`;
}

function entry(id: string, label: string, value: string, bytes?: number | null): string {
  const data = bytes === undefined ? "" : ` data-bytes="${bytes ?? ""}"`;
  return `<dt id="${id}-label">${escapeHtml(label)}</dt><dd aria-labelledby="${id}-label" data-testid="${id}"${data}>${escapeHtml(value)}</dd>`;
}

export interface TimelineEntry {
  asset: StoredAsset;
  /** The partner's name when the asset is a partner's (view only). */
  sharedBy?: string;
}

function timeline(entries: TimelineEntry[]): string {
  if (entries.length === 0) return `<p>No photos yet.</p>`;
  const items = entries.map(
    ({ asset, sharedBy }) =>
      `<li data-testid="timeline-item">${escapeHtml(asset.originalFileName)}${sharedBy ? ` <span class="hint">Shared by ${escapeHtml(sharedBy)}</span>` : ""}</li>`,
  );
  return `<ul aria-label="Timeline photos">${items.join("")}</ul>`;
}

/** Stands in for /photos: who is signed in, the account facts a test asserts on, the timeline and an upload form. */
export function photosPage(user: StoredUser, entries: TimelineEntry[] = [], error?: string): string {
  const quota = user.quotaSizeInBytes;
  const quotaText = quota === null ? "Unlimited" : `${quota} bytes (${readableBytes(quota)})`;
  const usageText = `${user.quotaUsageInBytes} bytes (${readableBytes(user.quotaUsageInBytes)})`;
  return page(
    "Photos",
    `<h1>Photos</h1>
<p data-testid="signed-in-as">Signed in as ${escapeHtml(user.name)} (${escapeHtml(user.email)})</p>
<section aria-labelledby="account-heading"><h2 id="account-heading">Account</h2><dl>
${entry("user-id", "User ID", user.id)}
${entry("oauth-id", "OAuth ID", user.oauthId || "Not linked")}
${entry("storage-quota", "Storage quota", quotaText, quota)}
${entry("storage-usage", "Storage used", usageText, user.quotaUsageInBytes)}
</dl></section>
<section aria-labelledby="timeline-heading"><h2 id="timeline-heading">Timeline</h2>
${error ? `<div role="alert">${escapeHtml(error)}</div>` : ""}
${timeline(entries)}
<form method="post" action="/photos/upload" enctype="multipart/form-data"><label for="asset-data">Photo</label> <input id="asset-data" type="file" name="assetData" required><button type="submit">Upload</button></form>
</section>
<form method="post" action="/auth/logout"><button type="submit">Sign out</button></form>`,
  );
}
