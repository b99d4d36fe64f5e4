import { createTransport } from "nodemailer";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { startMailCatcher, type MailCatcher } from "./index";

let catcher: MailCatcher;

beforeAll(async () => {
  catcher = await startMailCatcher();
});

afterAll(async () => {
  await catcher?.close();
});

afterEach(() => {
  catcher.faults.clear();
  catcher.clear();
});

function send(message: { to: string; subject: string; text?: string; html?: string; cc?: string; bcc?: string }) {
  const transport = createTransport(catcher.smtpUrl);
  return transport.sendMail({ from: '"Castello" <no-reply@castello.test>', ...message }).finally(() => transport.close());
}

async function getJson(path: string): Promise<unknown> {
  const response = await fetch(`${catcher.url}${path}`);
  expect(response.status).toBe(200);
  return response.json();
}

describe("mail catcher", () => {
  it("catches a message, parses it and lists it newest first", async () => {
    expect(catcher.smtpUrl).toMatch(/^smtp:\/\/127\.0\.0\.1:\d+$/);
    await send({
      to: '"Ada Lovelace" <ada@castello.test>',
      cc: "clara@castello.test",
      bcc: "audit@castello.test",
      subject: "You are invited to the Rossi family",
      text: "Open https://portal.test/invite/abc?x=1 to join.",
      html: '<html><head><title>x</title></head><body><p>Hello Ada,</p><p><a href="https://portal.test/invite/abc?x=1&amp;y=2">Accept the invitation</a></p></body></html>',
    });
    await send({ to: "bob@castello.test", subject: "Second", text: "Plain only" });

    const [second, first] = catcher.messages();
    expect(second!.subject).toBe("Second");
    expect(second!.html).toBeNull();
    expect(first).toMatchObject({
      id: "1",
      subject: "You are invited to the Rossi family",
      from: [{ name: "Castello", address: "no-reply@castello.test" }],
      to: [{ name: "Ada Lovelace", address: "ada@castello.test" }],
      cc: [{ name: "", address: "clara@castello.test" }],
      envelope: { from: "no-reply@castello.test", to: ["ada@castello.test", "clara@castello.test", "audit@castello.test"] },
      text: "Open https://portal.test/invite/abc?x=1 to join.",
      links: ["https://portal.test/invite/abc?x=1&y=2", "https://portal.test/invite/abc?x=1"],
    });
    expect(first!.html).toContain("Accept the invitation");
    expect(first!.date).toBeInstanceOf(Date);
    expect(first!.headers.subject).toBe("You are invited to the Rossi family");
    expect(first!.headers["content-type"]).toMatch(/^multipart\/alternative/);
    expect(first!.raw).toContain("Subject: You are invited to the Rossi family");

    const forAda = (await getJson("/api/messages?to=ADA@castello.test")) as { id: string; subject: string; date: string }[];
    expect(forAda.map((message) => message.subject)).toEqual(["You are invited to the Rossi family"]);
    expect(new Date(forAda[0]!.date).getTime()).toBe(first!.date.getTime());
    expect(((await getJson("/api/messages?to=audit@castello.test")) as unknown[]).length).toBe(1);
    expect(((await getJson("/api/messages")) as unknown[]).length).toBe(2);
    expect(await getJson("/api/messages/1")).toMatchObject({ subject: "You are invited to the Rossi family" });

    const mailbox = await (await fetch(catcher.url)).text();
    expect(mailbox).toContain("<h1>Mailbox</h1>");
    expect(mailbox.indexOf('href="/messages/2"')).toBeLessThan(mailbox.indexOf('href="/messages/1"'));
    expect(mailbox).toContain("Ada Lovelace &lt;ada@castello.test&gt;");

    const page = await (await fetch(`${catcher.url}/messages/1`)).text();
    expect(page).toContain("<h1>You are invited to the Rossi family</h1>");
    expect(page).toContain('<a href="https://portal.test/invite/abc?x=1&amp;y=2">Accept the invitation</a>');
    expect(page).not.toContain("<title>x</title>");
    const text = await (await fetch(`${catcher.url}/messages/1?format=text`)).text();
    expect(text).toContain("<pre>Open https://portal.test/invite/abc?x=1 to join.</pre>");
    expect(await (await fetch(`${catcher.url}/messages/1/raw`)).text()).toBe(first!.raw);
    expect((await fetch(`${catcher.url}/messages/99`)).status).toBe(404);

    expect((await fetch(`${catcher.url}/api/messages`, { method: "DELETE" })).status).toBe(204);
    expect(catcher.messages()).toEqual([]);
  });

  it("rejects MAIL FROM for the next N messages, then recovers", async () => {
    catcher.faults.add({ mode: "reject", times: 2 });
    await expect(send({ to: "ada@castello.test", subject: "one" })).rejects.toMatchObject({ responseCode: 451 });
    await expect(send({ to: "ada@castello.test", subject: "two" })).rejects.toMatchObject({ responseCode: 451 });
    await send({ to: "ada@castello.test", subject: "three" });
    expect(catcher.messages().map((message) => message.subject)).toEqual(["three"]);
  });

  it("switches failures over HTTP: 421, dropped connections, until cleared", async () => {
    const control = (method: string, body?: unknown) =>
      fetch(`${catcher.url}/-/sandbox/faults`, {
        method,
        headers: { "content-type": "application/json" },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    expect((await control("POST", { mode: "explode" })).status).toBe(400);

    expect((await control("POST", { mode: "reject", code: 421 })).status).toBe(204);
    await expect(send({ to: "ada@castello.test", subject: "a" })).rejects.toMatchObject({ responseCode: 421 });
    await expect(send({ to: "ada@castello.test", subject: "b" })).rejects.toMatchObject({ responseCode: 421 });
    expect((await control("DELETE")).status).toBe(204);

    expect((await control("POST", { mode: "drop", times: 1 })).status).toBe(204);
    await expect(send({ to: "ada@castello.test", subject: "c" })).rejects.toThrow();
    await send({ to: "ada@castello.test", subject: "d" });
    expect(catcher.messages().map((message) => message.subject)).toEqual(["d"]);
  });
});
