import { SMTPServer } from "smtp-server";
import type { SmtpFaultInjector } from "./faults";

/** An error smtp-server answers with its `responseCode`. */
function smtpError(code: number, message: string): Error {
  return Object.assign(new Error(message), { responseCode: code });
}

/**
 * A permissive SMTP server: no TLS, any (or no) credentials, every recipient. Faults are
 * applied at MAIL FROM, so a rejected or dropped message never reaches `onMessage`.
 */
export function createSmtpServer(options: {
  faults: SmtpFaultInjector;
  onMessage: (raw: Buffer, envelope: { from: string | null; to: string[] }) => Promise<void>;
}): SMTPServer {
  /** Sessions whose next recipient is refused for good (the `unknown-recipient` fault). */
  const refusingRecipients = new Set<string>();
  const server: SMTPServer = new SMTPServer({
    name: "mail.castello.sandbox",
    banner: "Castello sandbox mail catcher",
    logger: false,
    disabledCommands: ["STARTTLS"],
    authOptional: true,
    allowInsecureAuth: true,
    disableReverseLookup: true,
    // Close does not wait 30 s for idle or pooled client connections.
    closeTimeout: 200,
    onAuth(auth, _session, callback) {
      callback(null, { user: auth.username ?? "sandbox" });
    },
    onMailFrom(_address, session, callback) {
      const fault = options.faults.take();
      if (!fault) return callback();
      if (fault.mode === "unknown-recipient") {
        refusingRecipients.add(session.id);
        return callback();
      }
      if (fault.mode === "drop") {
        [...server.connections].find((connection) => connection.id === session.id)?._socket.destroy();
        return callback(smtpError(421, "Connection dropped (sandbox fault)"));
      }
      const code = fault.code ?? 451;
      callback(
        smtpError(
          code,
          code === 421
            ? "Service not available, closing channel (sandbox fault)"
            : "Temporary local problem, try again later (sandbox fault)",
        ),
      );
    },
    onRcptTo(address, session, callback) {
      if (!refusingRecipients.delete(session.id)) return callback();
      callback(smtpError(550, `5.1.1 <${address.address}>: Recipient address rejected: User unknown in virtual mailbox table`));
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.on("end", () => {
        const envelope = {
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : null,
          to: session.envelope.rcptTo.map((recipient) => recipient.address),
        };
        options.onMessage(Buffer.concat(chunks), envelope).then(
          () => callback(),
          (error: unknown) => callback(smtpError(451, `Could not parse the message: ${String(error)}`)),
        );
      });
    },
  });
  // A client that goes away mid-session (a killed worker: ECONNRESET) is an ordinary event for
  // a mail server; without a listener Node would throw it and end the sandbox process.
  server.on("error", () => undefined);
  return server;
}
