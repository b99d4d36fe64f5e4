import { escapeHtml } from "../html";
import type { Locale } from "../locale";
import { fillHtml, fillText } from "./fill";
import { INVITE_COPY, type InviteRole } from "./invite-copy";

export type { InviteRole } from "./invite-copy";

export type InviteEmailInput = {
  locale: Locale;
  inviterName: string;
  familyName: string;
  /** The tenant's display name, e.g. "Foto Rossi". */
  serviceName: string;
  inviteUrl: string;
  expiresAt: Date;
  role: InviteRole;
  /** A resend: same e-mail, subject prefixed with "Reminder: ". */
  reminder?: boolean;
};

export type RenderedEmail = { subject: string; html: string; text: string };

const MUTED = "font-size:14px;color:#52525b;margin:0 0 16px;";
const LINK_COLOR = "#1d4ed8";

export function renderInviteEmail(input: InviteEmailInput): RenderedEmail {
  const url = new URL(input.inviteUrl);
  if (url.protocol !== "https:" && url.protocol !== "http:") throw new Error("invite link must be an http(s) URL");
  const href = url.href;

  const copy = INVITE_COPY[input.locale];
  const expires = new Intl.DateTimeFormat(copy.intlLocale, { dateStyle: "full", timeZone: "UTC" }).format(input.expiresAt);
  const vars = {
    inviter: input.inviterName,
    family: input.familyName,
    service: input.serviceName,
    role: copy.roles[input.role],
    expires,
  };
  const text = (template: string) => fillText(template, vars);
  const html = (template: string) => fillHtml(template, vars, ["inviter", "family", "expires"]);

  // Names come from people: a line break in one must not reach the Subject header.
  const subject = ((input.reminder ? copy.reminderPrefix : "") + text(copy.subject)).replace(/\s+/g, " ").trim();

  const plain = [
    copy.greeting,
    text(copy.intro),
    text(copy.about),
    `${copy.nextTitle}:\n${copy.steps.map((step, i) => `${i + 1}. ${text(step)}`).join("\n")}`,
    `${copy.button}:\n${href}`,
    text(copy.expires),
    text(copy.ignore),
  ].join("\n\n");

  const body = `<!doctype html>
<html lang="${input.locale}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(subject)}</title>
</head>
<body style="margin:0;padding:0;background:#f4f4f5;">
<div style="max-width:560px;margin:0 auto;padding:32px 24px;background:#ffffff;color:#18181b;font-family:system-ui,-apple-system,'Segoe UI',Roboto,Helvetica,Arial,sans-serif;font-size:16px;line-height:1.5;">
<h1 style="font-size:22px;line-height:1.3;margin:0 0 16px;">${html(copy.heading)}</h1>
<p style="margin:0 0 16px;">${html(copy.greeting)}</p>
<p style="margin:0 0 16px;">${html(copy.intro)}</p>
<p style="margin:0 0 16px;">${html(copy.about)}</p>
<h2 style="font-size:17px;line-height:1.3;margin:24px 0 8px;">${html(copy.nextTitle)}</h2>
<ol style="margin:0 0 24px;padding-left:24px;">
${copy.steps.map((step) => `<li style="margin:0 0 8px;">${html(step)}</li>`).join("\n")}
</ol>
<p style="margin:0 0 24px;"><a href="${escapeHtml(href)}" style="display:inline-block;padding:12px 24px;border-radius:8px;background:${LINK_COLOR};color:#ffffff;font-weight:600;text-decoration:none;">${html(copy.button)}</a></p>
<p style="margin:0 0 16px;">${html(copy.expires)}</p>
<p style="${MUTED}">${html(copy.fallback)}<br><a href="${escapeHtml(href)}" style="color:${LINK_COLOR};word-break:break-all;">${escapeHtml(href)}</a></p>
<p style="${MUTED}">${html(copy.ignore)}</p>
</div>
</body>
</html>
`;

  return { subject, html: body, text: `${plain}\n` };
}
