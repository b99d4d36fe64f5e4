import { escapeHtml, page } from "../pages";
import { PROMPT_FIELDS, type PromptErrors, type PromptFieldKey } from "./prompt";

/** Authentik's access-denied stage, shown when a stage answers `stage_invalid`. */
export function deniedPage(message: string): string {
  return page("Request has been denied.", `<p class="error" role="alert">${escapeHtml(message)}</p>`);
}

function fieldError(key: string, error: string | undefined): { attrs: string; html: string } {
  if (!error) return { attrs: "", html: "" };
  return {
    attrs: ` aria-invalid="true" aria-describedby="${key}-error"`,
    html: `<p class="error" id="${key}-error">${escapeHtml(error)}</p>`,
  };
}

export function promptPage(options: {
  title: string;
  action: string;
  values: Partial<Record<PromptFieldKey, string>>;
  errors?: PromptErrors;
}): string {
  const fields = PROMPT_FIELDS.map((field) => {
    const error = fieldError(field.key, options.errors?.[field.key]);
    const type = field.type === "password" ? "password" : "text";
    // Passwords are never sent back to the browser.
    const value = field.type === "password" ? "" : (options.values[field.key] ?? "");
    const flags = field.type === "text_read_only" ? " readonly" : " required";
    return `<label for="${field.key}">${escapeHtml(field.label)}</label><input id="${field.key}" name="${field.key}" type="${type}" autocomplete="${field.autocomplete}" value="${escapeHtml(value)}"${flags}${error.attrs}>${error.html}`;
  }).join("\n");
  return page(
    options.title,
    `<form method="post" action="${escapeHtml(options.action)}" novalidate>
${fields}
<button type="submit">Continue</button></form>`,
  );
}

export function totpPage(options: {
  title: string;
  action: string;
  username: string;
  secret: string;
  uri: string;
  qr: string | null;
  error?: string;
}): string {
  const error = fieldError("code", options.error);
  const qr = options.qr ? `<img src="${options.qr}" width="200" height="200" alt="QR code to scan with your authenticator app">` : "";
  return page(
    options.title,
    `<h2>Set up an authenticator app</h2>
<p>For <strong>${escapeHtml(options.username)}</strong>: ${options.qr ? "scan the QR code with your authenticator app, or enter the secret by hand" : "enter the secret in your authenticator app"}, then type the code it shows.</p>
${qr}
<p>Secret: <code aria-label="TOTP secret" style="word-break:break-all">${escapeHtml(options.secret)}</code></p>
<p class="hint">Setup URI: <code aria-label="TOTP setup URI" style="word-break:break-all">${escapeHtml(options.uri)}</code></p>
<form method="post" action="${escapeHtml(options.action)}" novalidate>
<label for="code">Code</label><input id="code" name="code" inputmode="numeric" autocomplete="one-time-code" placeholder="Please enter your TOTP Code" required${error.attrs}>${error.html}
<button type="submit">Continue</button></form>`,
  );
}
