import { randomBytes } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { readBody, sendJson } from "../authentik/http";
import { ConstraintViolation, ImmichHttpError } from "./errors";

export const CORRELATION_HEADER = "X-Correlation-ID";

/** Immich 3 echoes an incoming `X-Correlation-ID` or makes one, on every response. */
export function correlationId(req: IncomingMessage): string {
  const incoming = req.headers["x-correlation-id"];
  return (Array.isArray(incoming) ? incoming[0] : incoming) || randomBytes(6).toString("base64url").toLowerCase();
}

export function isMultipart(req: IncomingMessage): boolean {
  return (req.headers["content-type"] ?? "").toLowerCase().startsWith("multipart/form-data");
}

/**
 * A multipart body as multer would see it, parsed with the platform's `Request.formData()`;
 * undefined when the body is not readable multipart (no boundary, truncated).
 */
export async function readMultipart(req: IncomingMessage): Promise<FormData | undefined> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return new Request("http://fake-immich/", {
    method: "POST",
    headers: { "content-type": req.headers["content-type"] ?? "" },
    body: new Uint8Array(Buffer.concat(chunks)),
  })
    .formData()
    .catch(() => undefined);
}

/** Express's JSON body parser: no body is `{}`, malformed JSON is a 400. */
export async function readJson(req: IncomingMessage): Promise<unknown> {
  const text = await readBody(req);
  if (!text.trim()) return {};
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new ImmichHttpError(400, (error as Error).message);
  }
}

export function sendError(res: ServerResponse, error: unknown): void {
  if (res.headersSent) {
    res.end();
    return;
  }
  if (error instanceof ImmichHttpError) {
    for (const [name, value] of Object.entries(error.headers)) res.setHeader(name, value);
    sendJson(res, error.status, error.body);
    return;
  }
  if (!(error instanceof ConstraintViolation)) console.error("[fake-immich]", error);
  sendJson(res, 500, { message: "Internal server error" });
}
