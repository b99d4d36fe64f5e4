import net from "node:net";
import { SMTPServer } from "smtp-server";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { IntegrationError } from "@/lib/integrations/errors";
import { createMailer } from "./transport";

/** What the test server answers to RCPT TO; null accepts. */
let rcptReply: { code: number; text: string } | null = null;
const received: string[] = [];

function smtpError(code: number, text: string): Error {
  return Object.assign(new Error(text), { responseCode: code });
}

const server = new SMTPServer({
  disabledCommands: ["STARTTLS"],
  allowInsecureAuth: true,
  authOptional: true,
  logger: false,
  onAuth(auth, _session, callback) {
    if (auth.username === "castello" && auth.password === "right") return callback(null, { user: auth.username });
    callback(smtpError(535, "Authentication credentials invalid"));
  },
  onRcptTo(_address, _session, callback) {
    callback(rcptReply ? smtpError(rcptReply.code, rcptReply.text) : null);
  },
  onData(stream, _session, callback) {
    const chunks: Buffer[] = [];
    stream.on("data", (chunk: Buffer) => chunks.push(chunk));
    stream.on("end", () => {
      received.push(Buffer.concat(chunks).toString("utf8"));
      callback();
    });
  },
});

let port = 0;

/** A port nobody listens on: bind one, then free it. */
async function closedPort(): Promise<number> {
  const probe = net.createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const { port: free } = probe.address() as net.AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return free;
}

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  port = (server.server.address() as net.AddressInfo).port;
});
afterAll(() => new Promise<void>((resolve) => server.close(resolve)));
beforeEach(() => {
  rcptReply = null;
  received.length = 0;
});

const message = {
  to: "invitee@example.eu",
  subject: "Ada invites you",
  html: "<p>Hello</p>",
  text: "Hello",
  headers: { "X-Castello-Invite": "42" },
};

async function failure(promise: Promise<unknown>): Promise<IntegrationError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(IntegrationError);
  return error as IntegrationError;
}

describe("createMailer", () => {
  it("delivers a message and returns its Message-ID", async () => {
    const mailer = createMailer({ smtpUrl: `smtp://127.0.0.1:${port}`, from: "Castello <noreply@example.eu>" });
    const { messageId } = await mailer.send(message);
    mailer.close();
    expect(messageId).toMatch(/^<.+@.+>$/);
    expect(received).toHaveLength(1);
    expect(received[0]).toContain("Subject: Ada invites you");
    expect(received[0]).toContain("From: Castello <noreply@example.eu>");
    expect(received[0]).toContain("X-Castello-Invite: 42");
    expect(received[0]).toContain(`Message-ID: ${messageId}`);
  });

  it("sends the Message-ID it is given, so a resent message is the same message", async () => {
    const mailer = createMailer({ smtpUrl: `smtp://127.0.0.1:${port}`, from: "noreply@example.eu" });
    const { messageId } = await mailer.send({ ...message, messageId: "<same-sending@portal.example.eu>" });
    mailer.close();
    expect(messageId).toBe("<same-sending@portal.example.eu>");
    expect(received.at(-1)).toContain("Message-ID: <same-sending@portal.example.eu>");
  });

  it("logs in with the credentials in the URL", async () => {
    const mailer = createMailer({ smtpUrl: `smtp://castello:right@127.0.0.1:${port}`, from: "noreply@example.eu" });
    await expect(mailer.send(message)).resolves.toHaveProperty("messageId");
  });

  it("maps a 5xx reply to a permanent invalid", async () => {
    rcptReply = { code: 550, text: "5.1.1 No such user" };
    const mailer = createMailer({ smtpUrl: `smtp://127.0.0.1:${port}`, from: "noreply@example.eu" });
    const error = await failure(mailer.send(message));
    expect(error).toMatchObject({ system: "mail", kind: "invalid", status: 550 });
    expect(error.detail).toContain("No such user");
    expect(error.transient).toBe(false);
  });

  it("maps a 4xx reply to a transient server_error", async () => {
    rcptReply = { code: 451, text: "4.7.1 Try again later" };
    const mailer = createMailer({ smtpUrl: `smtp://127.0.0.1:${port}`, from: "noreply@example.eu" });
    const error = await failure(mailer.send(message));
    expect(error).toMatchObject({ kind: "server_error", status: 451 });
    expect(error.transient).toBe(true);
  });

  it("maps refused credentials to unauthorized, without the password anywhere", async () => {
    const mailer = createMailer({ smtpUrl: `smtp://castello:s3cret-pw@127.0.0.1:${port}`, from: "noreply@example.eu" });
    const error = await failure(mailer.send(message));
    expect(error).toMatchObject({ kind: "unauthorized", status: 535 });
    expect(JSON.stringify({ ...error, message: error.message })).not.toContain("s3cret-pw");
  });

  it("maps a closed port to unreachable, without the URL in the error", async () => {
    const mailer = createMailer({ smtpUrl: `smtp://castello:s3cret-pw@127.0.0.1:${await closedPort()}`, from: "noreply@example.eu" });
    const error = await failure(mailer.send(message));
    expect(error).toMatchObject({ kind: "unreachable", detail: "connection refused" });
    expect(error.message).not.toContain("s3cret-pw");
  });

  it("gives up on a server that never greets", async () => {
    const silent = net.createServer(() => {});
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
    const silentPort = (silent.address() as net.AddressInfo).port;
    try {
      const mailer = createMailer({ smtpUrl: `smtp://127.0.0.1:${silentPort}`, from: "noreply@example.eu", timeoutMs: 200 });
      const error = await failure(mailer.send(message));
      expect(error.kind).toBe("timeout");
    } finally {
      await new Promise((resolve) => silent.close(resolve));
    }
  });

  it("refuses a URL that is not SMTP, without repeating it", () => {
    expect(() => createMailer({ smtpUrl: "https://user:s3cret-pw@mail.example.eu", from: "a@b.c" })).toThrow(
      expect.objectContaining({ kind: "invalid", message: expect.not.stringContaining("s3cret-pw") }),
    );
    expect(() => createMailer({ smtpUrl: "not a url s3cret-pw", from: "a@b.c" })).toThrow(/not a valid URL/);
  });
});
