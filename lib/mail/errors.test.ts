import { describe, expect, it } from "vitest";
import { IntegrationError } from "@/lib/integrations/errors";
import { mailError } from "./errors";

/** Shaped like nodemailer's errors: its code replaces the socket's, the message keeps it. */
function failure(message: string, fields: Record<string, unknown>): Error {
  return Object.assign(new Error(message), fields);
}

describe("mailError", () => {
  it("reads the SMTP reply first: 4xx transient, 5xx permanent, 535 unauthorized", () => {
    expect(
      mailError(failure("x", { code: "EENVELOPE", responseCode: 452, response: "452 4.2.2 Mailbox full", command: "RCPT TO" })),
    ).toMatchObject({
      kind: "server_error",
      status: 452,
      detail: "RCPT TO answered 452 4.2.2 Mailbox full",
    });
    expect(mailError(failure("x", { code: "EMESSAGE", responseCode: 554, response: "554 spam" }))).toMatchObject({
      kind: "invalid",
      status: 554,
    });
    expect(mailError(failure("x", { code: "EAUTH", responseCode: 535, response: "535 bad" }))).toMatchObject({ kind: "unauthorized" });
    expect(mailError(failure("x", { code: "EAUTH", responseCode: 454, response: "454 try later" }))).toMatchObject({
      kind: "server_error",
    });
  });

  it("maps connection failures to unreachable or timeout", () => {
    expect(mailError(failure("connect ECONNREFUSED 127.0.0.1:25", { code: "ESOCKET" }))).toMatchObject({
      kind: "unreachable",
      detail: "connection refused",
    });
    expect(mailError(failure("getaddrinfo ENOTFOUND smtp.nowhere.invalid", { code: "EDNS" }))).toMatchObject({
      kind: "unreachable",
      detail: "unknown host",
    });
    expect(mailError(failure("read ECONNRESET", { code: "ESOCKET" }))).toMatchObject({ kind: "unreachable" });
    expect(mailError(failure("Error initiating TLS - certificate has expired", { code: "ETLS" }))).toMatchObject({ kind: "unreachable" });
    expect(mailError(failure("Greeting never received", { code: "ETIMEDOUT" }))).toMatchObject({ kind: "timeout" });
    expect(mailError(failure("connect ETIMEDOUT 10.0.0.1:25", { code: "ESOCKET" }))).toMatchObject({ kind: "timeout" });
  });

  it("maps refused input to invalid and anything else to a transient server_error", () => {
    expect(mailError(failure("No recipients defined", { code: "EENVELOPE" }))).toMatchObject({ kind: "invalid" });
    expect(mailError(failure('Missing credentials for "PLAIN"', { code: "EAUTH" }))).toMatchObject({ kind: "unauthorized" });
    expect(mailError("boom")).toMatchObject({ kind: "server_error" });
    const known = new IntegrationError("mail", "invalid", "kept");
    expect(mailError(known)).toBe(known);
  });
});
