import { escapeHtml } from "../authentik/pages";
import type { CaughtMessage, MailAddress } from "./messages";

function layout(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${escapeHtml(title)} · Mail catcher (sandbox)</title>
<style>body{font-family:system-ui,sans-serif;margin:0;color:#1b1b1b}header,main{padding:1rem 2rem}header{background:#f3f3f3;border-bottom:1px solid #ddd}
table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:.4rem .6rem;border-bottom:1px solid #eee}dt{font-weight:600}dd{margin:0 0 .5rem}
nav a{margin-right:1rem}.body{border:1px solid #ddd;padding:1rem;margin-top:1rem}pre{white-space:pre-wrap}</style></head>
<body><header><a href="/">Mailbox</a> · sandbox mail catcher, nothing leaves this machine</header><main>${body}</main></body></html>`;
}

function addresses(list: MailAddress[]): string {
  return escapeHtml(list.map((entry) => (entry.name ? `${entry.name} <${entry.address}>` : entry.address)).join(", "));
}

export function mailboxPage(messages: CaughtMessage[]): string {
  if (messages.length === 0) return layout("Mailbox", "<h1>Mailbox</h1><p>No messages yet.</p>");
  const rows = messages
    .map(
      (
        message,
      ) => `<tr><td>${addresses(message.to)}</td><td><a href="/messages/${message.id}">${escapeHtml(message.subject || "(no subject)")}</a></td>
<td><time datetime="${message.receivedAt.toISOString()}">${escapeHtml(message.receivedAt.toISOString().replace("T", " ").slice(0, 19))}</time></td></tr>`,
    )
    .join("\n");
  return layout(
    "Mailbox",
    `<h1>Mailbox</h1><p>${messages.length} message${messages.length === 1 ? "" : "s"}, newest first.</p>
<table><thead><tr><th scope="col">To</th><th scope="col">Subject</th><th scope="col">Received</th></tr></thead><tbody>${rows}</tbody></table>`,
  );
}

export function notFoundPage(): string {
  return layout("Message not found", '<h1>Message not found</h1><p>It may have been deleted. <a href="/">Back to the mailbox</a></p>');
}

/** The message's HTML without its document shell or scripts, to sit inside the page. */
function inlineHtml(html: string): string {
  const body = /<body[^>]*>([\s\S]*)<\/body>/i.exec(html)?.[1] ?? html;
  return body.replace(/<script[\s\S]*?<\/script>/gi, "");
}

export function messagePage(message: CaughtMessage, format: "html" | "text"): string {
  const showText = format === "text" || message.html === null;
  const body = showText ? `<pre>${escapeHtml(message.text)}</pre>` : inlineHtml(message.html!);
  const cc = message.cc.length > 0 ? `<dt>Cc</dt><dd>${addresses(message.cc)}</dd>` : "";
  return layout(
    message.subject || "(no subject)",
    `<h1>${escapeHtml(message.subject || "(no subject)")}</h1>
<dl><dt>From</dt><dd>${addresses(message.from)}</dd><dt>To</dt><dd>${addresses(message.to)}</dd>${cc}
<dt>Date</dt><dd><time datetime="${message.date.toISOString()}">${escapeHtml(message.date.toUTCString())}</time></dd></dl>
<nav aria-label="Message views">${message.html !== null ? `<a href="/messages/${message.id}"${showText ? "" : ' aria-current="page"'}>HTML</a>` : ""}<a href="/messages/${message.id}?format=text"${showText ? ' aria-current="page"' : ""}>Plain text</a><a href="/messages/${message.id}/raw">Source</a></nav>
<section class="body" aria-label="Message body">${body}</section>`,
  );
}
