import { IntegrationError } from "@/lib/integrations/errors";

/** The fields nodemailer puts on its errors (all optional: anything may be thrown). */
type SmtpFailure = { code?: unknown; responseCode?: unknown; response?: unknown; command?: unknown; message?: unknown };

const AUTH_REPLIES = new Set([530, 534, 535]);
const CONNECTION_CODES = new Set(["ECONNECTION", "ESOCKET", "ETLS", "EPROXY"]);
const REQUEST_CODES = new Set(["EENVELOPE", "EMESSAGE", "EREQUIRETLS", "ECONFIG"]);

function oneLine(value: string): string {
  const line = value.replace(/\s+/g, " ").trim();
  return line.length > 200 ? `${line.slice(0, 200)}…` : line;
}

/**
 * Maps a nodemailer failure to an IntegrationError. The SMTP reply decides when there is one:
 * 4xx is transient, 5xx permanent. The detail is built from the reply and error codes only.
 */
export function mailError(error: unknown): IntegrationError {
  if (error instanceof IntegrationError) return error;
  const failure: SmtpFailure = typeof error === "object" && error !== null ? error : {};
  const code = typeof failure.code === "string" ? failure.code : "";
  const reply = typeof failure.responseCode === "number" ? failure.responseCode : undefined;
  const message = typeof failure.message === "string" ? oneLine(failure.message) : "";

  if (reply !== undefined) {
    const command = typeof failure.command === "string" ? failure.command : "SMTP";
    const response = typeof failure.response === "string" ? oneLine(failure.response) : String(reply);
    const detail = `${command} answered ${response}`;
    if (reply >= 400 && reply < 500) return new IntegrationError("mail", "server_error", detail, reply);
    if (AUTH_REPLIES.has(reply) || code === "EAUTH") return new IntegrationError("mail", "unauthorized", detail, reply);
    return new IntegrationError("mail", "invalid", detail, reply);
  }

  if (code === "EAUTH" || code === "ENOAUTH") return new IntegrationError("mail", "unauthorized", message || "login failed");
  if (code === "ETIMEDOUT") return new IntegrationError("mail", "timeout", "no answer before the timeout");
  // nodemailer replaces the socket's own code (ECONNREFUSED…) with ESOCKET; the message keeps it.
  const socketCode = /\b(ECONNREFUSED|ENOTFOUND|EAI_AGAIN|ECONNRESET|EHOSTUNREACH|ENETUNREACH|ETIMEDOUT)\b/.exec(message)?.[1];
  if (socketCode === "ETIMEDOUT") return new IntegrationError("mail", "timeout", "no answer before the timeout");
  if (socketCode === "ECONNREFUSED") return new IntegrationError("mail", "unreachable", "connection refused");
  if (code === "EDNS" || socketCode === "ENOTFOUND" || socketCode === "EAI_AGAIN") {
    return new IntegrationError("mail", "unreachable", "unknown host");
  }
  if (CONNECTION_CODES.has(code) || socketCode) {
    return new IntegrationError("mail", "unreachable", message || code || "connection failed");
  }
  if (REQUEST_CODES.has(code)) return new IntegrationError("mail", "invalid", message || code);
  return new IntegrationError("mail", "server_error", message || code || "unexpected mail failure");
}
