/** What went wrong when Castello talked to another system, in words a person understands. */
export type IntegrationSystem = "immich" | "authentik" | "mail";
export type IntegrationErrorKind =
  "unreachable" | "timeout" | "unauthorized" | "forbidden" | "not_found" | "conflict" | "invalid" | "server_error";

const SYSTEM_NAMES: Record<IntegrationSystem, string> = { immich: "Immich", authentik: "Authentik", mail: "The mail server" };

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

  get userMessage(): string {
    const name = SYSTEM_NAMES[this.system];
    switch (this.kind) {
      case "unreachable":
        return `${name} could not be reached (${this.detail}). Check the address and that the server is running.`;
      case "timeout":
        return `${name} did not answer in time. It may be overloaded or down; try again in a moment.`;
      case "unauthorized":
        return `${name} refused the credentials: the API key or token is wrong or was revoked.`;
      case "forbidden":
        return `${name} accepted the credentials but they lack the rights needed (${this.detail}).`;
      case "not_found":
        return `${name} has no such object (${this.detail}).`;
      case "conflict":
        return `${name} already has a conflicting object (${this.detail}).`;
      case "invalid":
        return `${name} rejected the request: ${this.detail}`;
      case "server_error":
        return `${name} had an internal error (${this.system === "mail" ? "SMTP" : "HTTP"} ${this.status ?? "5xx"}). Try again later.`;
    }
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
