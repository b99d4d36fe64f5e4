import nodemailer from "nodemailer";
import { IntegrationError } from "@/lib/integrations/errors";
import { observeUpstream } from "@/lib/observability/upstream";
import { mailError } from "./errors";

export type MailMessage = {
  to: string;
  subject: string;
  html: string;
  text: string;
  headers?: Record<string, string>;
  /** The Message-ID, `<local@domain>`; nodemailer makes a random one when it is absent. */
  messageId?: string;
};

export type Mailer = {
  /** Resolves once the server accepted the message; rejects with an IntegrationError("mail", …). */
  send(message: MailMessage): Promise<{ messageId: string }>;
  close(): void;
};

export type MailerOptions = {
  /** smtp:// or smtps://, credentials and nodemailer options (e.g. `?tls.rejectUnauthorized=false`) included. */
  smtpUrl: string;
  /** The From header, e.g. `Castello <noreply@example.eu>`. */
  from: string;
  /** Limit for connecting, the greeting and DNS; default 10 s. */
  timeoutMs?: number;
};

const DEFAULT_TIMEOUT_MS = 10_000;

/**
 * Adds our timeouts to the URL (settings already in it win) and drops `pool`: one connection per
 * message, so a job never reuses a connection the server closed while the queue was idle.
 * The URL is options for nodemailer because createTransport ignores other options next to a URL.
 */
function transportUrl(smtpUrl: string, timeoutMs: number): string {
  let url: URL;
  try {
    url = new URL(smtpUrl);
  } catch {
    // Not the TypeError itself: its `input` is the URL, password included.
    throw new IntegrationError("mail", "invalid", "SMTP_URL is not a valid URL");
  }
  if (url.protocol !== "smtp:" && url.protocol !== "smtps:") {
    throw new IntegrationError("mail", "invalid", "SMTP_URL must start with smtp:// or smtps://");
  }
  const defaults = {
    connectionTimeout: timeoutMs,
    greetingTimeout: timeoutMs,
    dnsTimeout: timeoutMs,
    // Inactivity limit: a server may scan the message before it answers the end of DATA.
    socketTimeout: timeoutMs * 3,
  };
  for (const [key, value] of Object.entries(defaults)) {
    if (!url.searchParams.has(key)) url.searchParams.set(key, String(value));
  }
  url.searchParams.delete("pool");
  return url.href;
}

export function createMailer({ smtpUrl, from, timeoutMs = DEFAULT_TIMEOUT_MS }: MailerOptions): Mailer {
  const transport = nodemailer.createTransport(transportUrl(smtpUrl, timeoutMs));
  return {
    async send({ to, subject, html, text, headers, messageId }) {
      try {
        const info = await observeUpstream("smtp", "send", () => transport.sendMail({ from, to, subject, html, text, headers, messageId }));
        return { messageId: info.messageId };
      } catch (error) {
        throw mailError(error);
      }
    },
    close() {
      transport.close();
    },
  };
}
