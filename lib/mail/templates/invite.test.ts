import { describe, expect, it } from "vitest";
import { LOCALES } from "@/lib/i18n/locales";
import { renderInviteEmail, type InviteEmailInput } from "./invite";

const input: InviteEmailInput = {
  locale: "en",
  inviterName: "Ada <script>alert(1)</script> & Co",
  familyName: "Rossi & <b>Bianchi</b>",
  serviceName: "Foto Rossi",
  inviteUrl: "https://castello.example.eu/invite/abc123?x=1&y=2",
  expiresAt: new Date("2026-03-12T23:30:00Z"),
  role: "member",
};

describe("renderInviteEmail", () => {
  it("writes an English e-mail with escaped names, the link and the expiry", () => {
    const mail = renderInviteEmail(input);
    expect(mail.subject).toBe("Ada <script>alert(1)</script> & Co invites you to join “Rossi & <b>Bianchi</b>” on Foto Rossi");
    expect(mail.html).toContain('<html lang="en">');
    expect(mail.html).toContain("Ada &lt;script&gt;alert(1)&lt;/script&gt; &amp; Co");
    expect(mail.html).toContain("Rossi &amp; &lt;b&gt;Bianchi&lt;/b&gt;");
    expect(mail.html).not.toContain("<script>");
    expect(mail.html).not.toContain("<b>Bianchi");
    expect(mail.html).toContain('href="https://castello.example.eu/invite/abc123?x=1&amp;y=2"');
    expect(mail.html).toMatch(/<a [^>]+>Accept the invitation<\/a>/);
    expect(mail.html).toContain("12 March 2026");
    expect(mail.html).toContain("max-width:560px");
    expect(mail.html).toContain("private photo service");
    expect(mail.html).toContain("stay in Europe");
    expect(mail.html).toContain("authenticator app or a passkey");
    expect(mail.html).toContain("as a member");
    expect(mail.html).toContain("ignore this e-mail");
  });

  it("has an equivalent text version with the link on its own line", () => {
    const { text } = renderInviteEmail(input);
    expect(text.split("\n")).toContain("https://castello.example.eu/invite/abc123?x=1&y=2");
    expect(text).toContain("Ada <script>alert(1)</script> & Co has invited you");
    expect(text).toContain("“Rossi & <b>Bianchi</b>”");
    expect(text).toContain("Accept the invitation:");
    expect(text).toContain("12 March 2026");
    expect(text).toContain("1. You create your account");
    expect(text).toContain("ignore this e-mail");
    expect(text).not.toContain("&amp;");
  });

  it("writes Italian when asked", () => {
    const mail = renderInviteEmail({ ...input, locale: "it", role: "guest" });
    expect(mail.subject).toContain("ti invita a unirti a «Rossi & <b>Bianchi</b>» su Foto Rossi");
    expect(mail.html).toContain('<html lang="it">');
    expect(mail.html).toContain("Ada &lt;script&gt;alert(1)&lt;/script&gt; &amp; Co");
    expect(mail.html).toMatch(/<a [^>]+>Accetta l’invito<\/a>/);
    expect(mail.html).toContain("giovedì 12 marzo 2026");
    expect(mail.html).toContain("servizio privato per le foto");
    expect(mail.html).toContain("restano in Europa");
    expect(mail.html).toContain("verifica in due passaggi");
    expect(mail.html).toContain("come ospite");
    expect(mail.html).toContain("puoi semplicemente ignorare questa e-mail");
    expect(mail.html).not.toMatch(/invited|Accept the|Hello/);
    expect(mail.text).toContain("Accetta l’invito:\nhttps://castello.example.eu/invite/abc123?x=1&y=2\n");
    expect(mail.text).toContain("L’invito è valido fino a giovedì 12 marzo 2026.");
  });

  it("formats the expiry as a UTC date, whatever the server's time zone", () => {
    // 23:30 UTC is already the 13th in Rome.
    const { text } = renderInviteEmail({ ...input, expiresAt: new Date("2026-03-12T23:30:00Z") });
    expect(text).toContain("12 March 2026");
    expect(text).not.toContain("13 March");
  });

  it("prefixes the subject of a reminder", () => {
    expect(renderInviteEmail({ ...input, reminder: true }).subject).toMatch(/^Reminder: Ada/);
    expect(renderInviteEmail({ ...input, locale: "it", reminder: true }).subject).toMatch(/^Promemoria: Ada/);
  });

  it("keeps line breaks out of the subject and refuses non-web links", () => {
    expect(renderInviteEmail({ ...input, inviterName: "Ada\r\nBcc: x@y.z" }).subject).not.toMatch(/[\r\n]/);
    expect(() => renderInviteEmail({ ...input, inviteUrl: "javascript:alert(1)" })).toThrow(/http/);
  });
});

describe("the invitation e-mail in every language", () => {
  it.each(LOCALES.filter((locale) => locale !== "en"))("is written in %s, whole, with no English and no markup in the text", (locale) => {
    const mail = renderInviteEmail({ ...input, locale, reminder: true });
    const english = renderInviteEmail({ ...input, locale: "en", reminder: true });
    expect(mail.html).toContain(`<html lang="${locale}">`);
    expect(mail.subject).not.toBe(english.subject);
    expect(mail.subject).toContain("Foto Rossi");
    for (const line of ["Accept the invitation", "What happens next", "Hello,", "Reminder"]) {
      expect(mail.text).not.toContain(line);
    }
    expect(renderInviteEmail({ ...input, locale, familyName: "Rossi", inviterName: "Ada" }).text).not.toMatch(/[{}<>]/);
    expect(mail.text.split("\n")).toContain("https://castello.example.eu/invite/abc123?x=1&y=2");
    expect(mail.html).toContain("Ada &lt;script&gt;alert(1)&lt;/script&gt; &amp; Co");
    expect(mail.html).not.toContain("<script>");
  });
});
