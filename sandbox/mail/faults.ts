/**
 * SMTP failures the mail catcher can be told to produce, per message (each MAIL FROM counts):
 * `reject` answers MAIL FROM with a temporary error (451 by default, or 421, after which the
 * server closes the connection, as a real one does); `drop` cuts the connection there;
 * `unknown-recipient` answers RCPT TO with a permanent 550, as a server does for an address
 * that does not exist.
 */
export interface SmtpFaultRule {
  mode: "reject" | "drop" | "unknown-recipient";
  /** The reply code of a `reject`. */
  code?: 421 | 451;
  /** How many messages to fail; every one until cleared when absent. */
  times?: number;
}

export class SmtpFaultInjector {
  private rules: { rule: SmtpFaultRule; remaining: number }[] = [];

  add(rule: SmtpFaultRule): void {
    this.rules.push({ rule, remaining: rule.times ?? Number.POSITIVE_INFINITY });
  }

  clear(): void {
    this.rules = [];
  }

  /** The fault for the message now starting, if any (and counts it). */
  take(): SmtpFaultRule | undefined {
    const active = this.rules.find((entry) => entry.remaining > 0);
    if (!active) return undefined;
    active.remaining -= 1;
    return active.rule;
  }

  /** Reads a rule from the HTTP control body; null when it is not one. */
  static parse(body: unknown): SmtpFaultRule | null {
    if (body === null || typeof body !== "object") return null;
    const { mode, code, times } = body as Record<string, unknown>;
    if (mode !== "reject" && mode !== "drop" && mode !== "unknown-recipient") return null;
    if (code !== undefined && code !== 421 && code !== 451) return null;
    if (times !== undefined && !(typeof times === "number" && Number.isInteger(times) && times > 0)) return null;
    return { mode, ...(code !== undefined ? { code } : {}), ...(times !== undefined ? { times } : {}) };
  }
}
