import { IncomingMessage } from "node:http";

export async function readRaw(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/**
 * A fresh request carrying a body already read, for handing a request on to oidc-provider after
 * the dispatcher had to look into it (to find the client); it reads the stream itself.
 */
export function replay(
  req: IncomingMessage,
  body: Buffer,
  overrides: { url?: string; method?: string; headers?: Record<string, string> } = {},
) {
  const copy = new IncomingMessage(req.socket);
  copy.method = overrides.method ?? req.method;
  copy.url = overrides.url ?? req.url;
  copy.httpVersion = req.httpVersion;
  copy.httpVersionMajor = req.httpVersionMajor;
  copy.httpVersionMinor = req.httpVersionMinor;
  copy.headers = { ...req.headers, ...overrides.headers, "content-length": String(body.length) };
  if (body.length === 0) delete copy.headers["content-type"];
  // Marked complete, or destroying the drained copy would destroy the client's socket too.
  copy.complete = true;
  copy.push(body);
  copy.push(null);
  return copy as IncomingMessage & { originalUrl?: string };
}
