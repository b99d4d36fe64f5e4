import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { readBody, sendHtml, sendJson } from "../authentik/http";
import { SmtpFaultInjector, type SmtpFaultRule } from "./faults";
import { isAddressedTo, parseMessage, type CaughtMessage } from "./messages";
import { mailboxPage, messagePage, notFoundPage } from "./pages";
import { createSmtpServer } from "./smtp";

export { SmtpFaultInjector, type SmtpFaultRule } from "./faults";
export type { CaughtMessage, MailAddress } from "./messages";

export interface MailCatcherOptions {
  /** 0 (the default) picks a free port. */
  smtpPort?: number;
  httpPort?: number;
  host?: string;
}

export interface MailCatcher {
  /** `smtp://<host>:<port>`, what the product's SMTP setting points at. */
  smtpUrl: string;
  /** Origin of the mailbox pages and the JSON API. */
  url: string;
  /** Every message received since the last clear, newest first. */
  messages: () => CaughtMessage[];
  clear: () => void;
  faults: SmtpFaultInjector;
  close: () => Promise<void>;
}

/**
 * A mail catcher for the sandbox: an SMTP server that keeps every message, and a web mailbox
 * to read them (`/`, `/messages/<id>`), with a JSON API for tests (`/api/messages?to=`) and
 * SMTP failures switchable over HTTP (`POST`/`DELETE /-/sandbox/faults`).
 */
export async function startMailCatcher(options: MailCatcherOptions = {}): Promise<MailCatcher> {
  const host = options.host ?? "127.0.0.1";
  const faults = new SmtpFaultInjector();
  let stored: CaughtMessage[] = [];
  let nextId = 1;

  const smtp = createSmtpServer({
    faults,
    onMessage: async (raw, envelope) => {
      stored.push(await parseMessage(String(nextId++), raw, envelope));
    },
  });
  const messages = () => [...stored].reverse();

  async function handle(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const { pathname } = url;
    const method = req.method ?? "GET";
    const byId = /^\/(?:api\/)?messages\/([^/]+)(\/raw)?$/.exec(pathname);
    const message = byId ? stored.find((candidate) => candidate.id === byId[1]) : undefined;
    if (method === "GET" && pathname === "/") return sendHtml(res, 200, mailboxPage(messages()));
    if (method === "GET" && pathname === "/api/messages") {
      const to = url.searchParams.get("to");
      return sendJson(res, 200, to ? messages().filter((candidate) => isAddressedTo(candidate, to)) : messages());
    }
    if (method === "DELETE" && pathname === "/api/messages") {
      stored = [];
      return sendJson(res, 204, undefined);
    }
    if (pathname === "/-/sandbox/faults" && (method === "POST" || method === "DELETE")) {
      if (method === "DELETE") {
        faults.clear();
        return sendJson(res, 204, undefined);
      }
      let rule: SmtpFaultRule | null = null;
      try {
        rule = SmtpFaultInjector.parse(JSON.parse(await readBody(req)));
      } catch {
        rule = null;
      }
      if (!rule)
        return sendJson(res, 400, { message: 'Expected { "mode": "reject" | "drop", "code"?: 421 | 451, "times"?: positive integer }' });
      faults.add(rule);
      return sendJson(res, 204, undefined);
    }
    if (method === "GET" && byId) {
      if (!message)
        return pathname.startsWith("/api/") ? sendJson(res, 404, { message: "No such message" }) : sendHtml(res, 404, notFoundPage());
      if (pathname.startsWith("/api/")) return sendJson(res, 200, message);
      if (byId[2]) {
        res.writeHead(200, { "content-type": "text/plain; charset=utf-8" }).end(message.raw);
        return;
      }
      return sendHtml(res, 200, messagePage(message, url.searchParams.get("format") === "text" ? "text" : "html"));
    }
    sendJson(res, 404, { message: "Not found" });
  }

  const http = createServer((req, res) => {
    handle(req, res, new URL(req.url ?? "/", "http://mail.sandbox")).catch((error: unknown) => {
      console.error("[mail-catcher]", error);
      if (!res.headersSent) sendJson(res, 500, { message: "Internal error" });
      else res.end();
    });
  });

  await new Promise<void>((resolve, reject) => {
    smtp.server.once("error", reject);
    smtp.listen(options.smtpPort ?? 0, host, () => resolve());
  });
  try {
    await new Promise<void>((resolve, reject) => {
      http.once("error", reject);
      http.listen(options.httpPort ?? 0, host, () => resolve());
    });
  } catch (error) {
    smtp.close(() => undefined);
    throw error;
  }
  const smtpPort = (smtp.server.address() as AddressInfo).port;
  const httpPort = (http.address() as AddressInfo).port;
  const urlHost = host.includes(":") ? `[${host}]` : host;

  return {
    smtpUrl: `smtp://${urlHost}:${smtpPort}`,
    url: `http://${urlHost}:${httpPort}`,
    messages,
    clear: () => {
      stored = [];
    },
    faults,
    close: async () => {
      http.closeAllConnections();
      await Promise.all([
        new Promise<void>((resolve) => http.close(() => resolve())),
        new Promise<void>((resolve) => smtp.close(() => resolve())),
      ]);
    },
  };
}
