/** Minimal HTML for the fake Authentik's own pages (login, logout). */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
}

export function page(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${escapeHtml(title)} · authentik (sandbox)</title>
<style>body{font-family:system-ui,sans-serif;background:#1c1e21;color:#fafafa;display:grid;place-items:center;min-height:100vh;margin:0}
main{background:#fff;color:#151515;padding:2rem;border-radius:8px;width:min(24rem,90vw)}label{display:block;margin:.75rem 0 .25rem;font-weight:600}
input{width:100%;padding:.5rem;box-sizing:border-box;border:1px solid #8a8d90;border-radius:4px}button{margin-top:1rem;width:100%;padding:.6rem;background:#0066cc;color:#fff;border:0;border-radius:4px;font-weight:600;cursor:pointer}
.error{color:#c9190b;font-weight:600}.hint{color:#6a6e73;font-size:.85rem}</style></head>
<body><main><h1>${escapeHtml(title)}</h1>${body}</main></body></html>`;
}

export function loginPage(options: { action: string; appName: string; error?: string; username?: string }): string {
  return page(
    "Welcome to authentik!",
    `<p>Sign in to continue to <strong>${escapeHtml(options.appName)}</strong>.</p>
${options.error ? `<p class="error" role="alert">${escapeHtml(options.error)}</p>` : ""}
<form method="post" action="${escapeHtml(options.action)}">
<label for="uid_field">Username or email</label><input id="uid_field" name="uid_field" autocomplete="username" value="${escapeHtml(options.username ?? "")}" required autofocus>
<label for="password">Password</label><input id="password" name="password" type="password" autocomplete="current-password" required>
<button type="submit">Log in</button></form>
<p class="hint">Sandbox identity provider: not a real authentik.</p>`,
  );
}

/** error/generic.html, as `bad_request_message` renders it (status 400). */
export function errorPage(title: string, message: string): string {
  return page(title, `<p class="error" role="alert">${escapeHtml(message)}</p>`);
}

/** policies/denied.html: what a signed-in user the application's policies refuse sees. */
export function permissionDeniedPage(): string {
  return page("Permission denied", `<p class="error" role="alert">Request has been denied.</p>`);
}
