import { simpleParser, type AddressObject, type EmailAddress, type ParsedMail } from "mailparser";

export interface MailAddress {
  name: string;
  address: string;
}

/** A message the catcher received, parsed by mailparser. Served as JSON with dates as ISO strings. */
export interface CaughtMessage {
  id: string;
  receivedAt: Date;
  /** What the SMTP client said in MAIL FROM / RCPT TO (Bcc recipients show up only here). */
  envelope: { from: string | null; to: string[] };
  from: MailAddress[];
  to: MailAddress[];
  cc: MailAddress[];
  subject: string;
  text: string;
  html: string | null;
  /** The Date header, else the time it arrived. */
  date: Date;
  messageId: string | null;
  /** Header lines by lower-cased name; repeated headers joined by a newline. */
  headers: Record<string, string>;
  /** Every http(s) URL in the HTML hrefs and the text, in order, without duplicates. */
  links: string[];
  raw: string;
}

function flatten(addresses: EmailAddress[]): MailAddress[] {
  return addresses.flatMap((entry) =>
    entry.group ? flatten(entry.group) : entry.address ? [{ name: entry.name, address: entry.address }] : [],
  );
}

function addressList(value: AddressObject | AddressObject[] | undefined): MailAddress[] {
  if (!value) return [];
  return (Array.isArray(value) ? value : [value]).flatMap((object) => flatten(object.value));
}

function headerMap(mail: ParsedMail): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const { key, line } of mail.headerLines) {
    const value = line
      .slice(line.indexOf(":") + 1)
      .replace(/\r?\n[ \t]+/g, " ")
      .trim();
    headers[key] = headers[key] === undefined ? value : `${headers[key]}\n${value}`;
  }
  return headers;
}

function decodeEntities(value: string): string {
  return value
    .replace(/&amp;/g, "&")
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">");
}

function extractLinks(html: string | null, text: string): string[] {
  const fromHtml = html ? [...html.matchAll(/href\s*=\s*["']([^"']+)["']/gi)].map((match) => decodeEntities(match[1]!)) : [];
  const fromText = [...text.matchAll(/https?:\/\/[^\s<>"')\]]+/g)].map((match) => match[0]);
  return [...new Set([...fromHtml, ...fromText].filter((link) => /^https?:\/\//i.test(link)))];
}

export async function parseMessage(id: string, raw: Buffer, envelope: CaughtMessage["envelope"]): Promise<CaughtMessage> {
  const mail = await simpleParser(raw);
  const receivedAt = new Date();
  const html = mail.html === false ? null : mail.html;
  const text = mail.text ?? "";
  return {
    id,
    receivedAt,
    envelope,
    from: addressList(mail.from),
    to: addressList(mail.to),
    cc: addressList(mail.cc),
    subject: mail.subject ?? "",
    text,
    html,
    date: mail.date ?? receivedAt,
    messageId: mail.messageId ?? null,
    headers: headerMap(mail),
    links: extractLinks(html, text),
    raw: raw.toString("utf8"),
  };
}

/** True when `address` is among the message's recipients (envelope, To or Cc), ignoring case. */
export function isAddressedTo(message: CaughtMessage, address: string): boolean {
  const needle = address.trim().toLowerCase();
  return [...message.envelope.to, ...message.to.map((entry) => entry.address), ...message.cc.map((entry) => entry.address)].some(
    (candidate) => candidate.toLowerCase() === needle,
  );
}
