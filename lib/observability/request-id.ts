/** The header a request id arrives in (from a proxy or a client) and is answered with. */
export const REQUEST_ID_HEADER = "x-request-id";

/** Letters, digits and `-_.:`, 8 to 128 long: enough for UUIDs and proxies' ids, nothing to inject into a log. */
const WELL_FORMED = /^[A-Za-z0-9._:-]{8,128}$/;

/** The incoming id when it is well-formed, else a fresh one. Pure: proxy.ts runs it too. */
export function requestIdFrom(header: string | null | undefined): string {
  return header && WELL_FORMED.test(header) ? header : crypto.randomUUID();
}
