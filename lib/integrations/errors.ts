import { message, type Message } from "@/lib/i18n/message";
import { inEnglish } from "@/lib/i18n/translate";

/** What went wrong when Castello talked to another system, in words a person understands. */
export type IntegrationSystem = "immich" | "authentik" | "mail";
export type IntegrationErrorKind =
  "unreachable" | "timeout" | "unauthorized" | "forbidden" | "not_found" | "conflict" | "invalid" | "server_error";

export class IntegrationError extends Error {
  constructor(
    readonly system: IntegrationSystem,
    readonly kind: IntegrationErrorKind,
    /** Safe detail for logs and operators (never a secret). */
    readonly detail: string,
    readonly status?: number,
  ) {
    super(`${system} ${kind}: ${detail}`);
    this.name = "IntegrationError";
  }

  /** Worth trying again later: the other side may come back. */
  get transient(): boolean {
    return this.kind === "unreachable" || this.kind === "timeout" || this.kind === "server_error";
  }

  /** What a person reads, in their language. */
  get userText(): Message {
    const protocol = this.system === "mail" ? "SMTP" : "HTTP";
    return message(`integrations.${this.kind}`, { system: this.system, detail: this.detail, protocol, status: this.status ?? "5xx" });
  }

  /** The same in English, for logs and operators' records. */
  get userMessage(): string {
    return inEnglish(this.userText);
  }
}

export function kindForStatus(status: number): IntegrationErrorKind {
  if (status === 401) return "unauthorized";
  if (status === 403) return "forbidden";
  if (status === 404) return "not_found";
  if (status === 409) return "conflict";
  if (status >= 500) return "server_error";
  return "invalid";
}

/** Maps a low-level fetch failure (no HTTP answer) to unreachable or timeout. */
export function networkError(system: IntegrationSystem, error: unknown): IntegrationError {
  const err = error as { name?: string; cause?: { code?: string; name?: string; message?: string }; message?: string };
  if (err?.name === "TimeoutError" || err?.cause?.name === "TimeoutError" || err?.name === "AbortError") {
    return new IntegrationError(system, "timeout", "no answer before the timeout");
  }
  const code = err?.cause?.code ?? "";
  const detail =
    code === "ECONNREFUSED"
      ? "connection refused"
      : code === "ENOTFOUND"
        ? "unknown host"
        : code || err?.cause?.message || err?.message || "network error";
  return new IntegrationError(system, "unreachable", detail);
}
