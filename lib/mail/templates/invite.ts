import { translatorFor } from "@/lib/i18n/translate";
import type { Locale } from "@/lib/i18n/locales";
import { escapeHtml } from "../html";

export type InviteRole = "admin" | "member" | "guest";

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
const STEPS = ["step1", "step2", "step3"] as const;

/**
 * The invitation e-mail from the "mail.invite" catalogue messages, in HTML and plain text.
 * Names come from people: in HTML every value is escaped before the message places it, and
 * `<b>` in a message is the only markup. The expiry is a date in UTC: the reader's zone is unknown.
 */
export function renderInviteEmail(input: InviteEmailInput): RenderedEmail {
  const url = new URL(input.inviteUrl);
  if (url.protocol !== "https:" && url.protocol !== "http:") throw new Error("invite link must be an http(s) URL");
  const href = url.href;

  const t = translatorFor(input.locale, "UTC");
  const raw = {
    inviter: input.inviterName,
    family: input.familyName,
    service: input.serviceName,
    role: input.role,
    reminder: input.reminder ? "yes" : "no",
  };
  const escaped = Object.fromEntries(Object.entries(raw).map(([name, value]) => [name, escapeHtml(value)]));
  const text = (key: Parameters<typeof t.markup>[0]) => t.markup(key, { ...raw, expires: input.expiresAt, b: (chunks) => chunks });
  const html = (key: Parameters<typeof t.markup>[0]) =>
    t.markup(key, { ...escaped, expires: input.expiresAt, b: (chunks) => `<strong>${chunks}</strong>` });

  // A line break in a name must not reach the Subject header.
  const subject = text("mail.invite.subject").replace(/\s+/g, " ").trim();

  const plain = [
    text("mail.invite.greeting"),
    text("mail.invite.intro"),
    text("mail.invite.about"),
    `${text("mail.invite.nextTitle")}:\n${STEPS.map((step, i) => `${i + 1}. ${text(`mail.invite.${step}`)}`).join("\n")}`,
    `${text("mail.invite.button")}:\n${href}`,
    text("mail.invite.expires"),
    text("mail.invite.ignore"),
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
<h1 style="font-size:22px;line-height:1.3;margin:0 0 16px;">${html("mail.invite.heading")}</h1>
<p style="margin:0 0 16px;">${html("mail.invite.greeting")}</p>
<p style="margin:0 0 16px;">${html("mail.invite.intro")}</p>
<p style="margin:0 0 16px;">${html("mail.invite.about")}</p>
<h2 style="font-size:17px;line-height:1.3;margin:24px 0 8px;">${html("mail.invite.nextTitle")}</h2>
<ol style="margin:0 0 24px;padding-left:24px;">
${STEPS.map((step) => `<li style="margin:0 0 8px;">${html(`mail.invite.${step}`)}</li>`).join("\n")}
</ol>
<p style="margin:0 0 24px;"><a href="${escapeHtml(href)}" style="display:inline-block;padding:12px 24px;border-radius:8px;background:${LINK_COLOR};color:#ffffff;font-weight:600;text-decoration:none;">${html("mail.invite.button")}</a></p>
<p style="margin:0 0 16px;">${html("mail.invite.expires")}</p>
<p style="${MUTED}">${html("mail.invite.fallback")}<br><a href="${escapeHtml(href)}" style="color:${LINK_COLOR};word-break:break-all;">${escapeHtml(href)}</a></p>
<p style="${MUTED}">${html("mail.invite.ignore")}</p>
</div>
</body>
</html>
`;

  return { subject, html: body, text: `${plain}\n` };
}
