/**
 * A browser stand-in for tests: fetch with one cookie jar per origin (as the brief's sites are
 * told apart by port), cookie paths and expiry honoured, redirects followed by hand so a test
 * sees every hop. Not a real browser: no scripts, no SameSite rules.
 */
interface StoredCookie {
  name: string;
  value: string;
  path: string;
}

export interface Page {
  url: string;
  status: number;
  html: string;
}

const MAX_HOPS = 20;

export class TestBrowser {
  private jars = new Map<string, Map<string, StoredCookie>>();
  /** Every URL requested, in order. */
  readonly visited: string[] = [];

  /** `fetch` with this browser's cookies, redirects not followed; usable as the SDK's `fetch` option. */
  readonly fetch = async (input: string | URL | Request, init: RequestInit = {}): Promise<Response> => {
    const request = new Request(input, init);
    const url = new URL(request.url);
    this.visited.push(url.toString());
    const headers = new Headers(request.headers);
    const cookie = this.cookieHeader(url);
    if (cookie) headers.set("cookie", cookie);
    const body = request.body ? await request.text() : undefined;
    const response = await fetch(url, { method: request.method, headers, body, redirect: "manual" });
    for (const header of response.headers.getSetCookie()) this.store(url, header);
    return response;
  };

  /** One hop (GET, or POST with a form), redirects not followed: for server-rendered flows step by step. */
  async request(
    url: string | URL,
    form?: Record<string, string>,
  ): Promise<{ status: number; location: string | null; html: string; setCookies: string[] }> {
    const response = await this.fetch(url, form ? formInit(form) : {});
    return {
      status: response.status,
      location: response.headers.get("location"),
      html: await response.text(),
      setCookies: response.headers.getSetCookie(),
    };
  }

  /** Whether any site holds a cookie by this name. */
  has(name: string): boolean {
    return [...this.jars.values()].some((jar) => [...jar.values()].some((cookie) => cookie.name === name));
  }

  /** Opens a URL (GET, or POST with a form) and follows redirects until a page answers. */
  async open(url: string, form?: Record<string, string>, stopAt?: (url: URL) => boolean): Promise<Page> {
    let response = await this.fetch(url, form ? formInit(form) : {});
    let current = url;
    for (let hop = 0; hop < MAX_HOPS; hop++) {
      const location = response.headers.get("location");
      if (response.status < 300 || response.status >= 400 || !location) break;
      current = new URL(location, current).toString();
      if (stopAt?.(new URL(current))) return { url: current, status: response.status, html: "" };
      response = await this.fetch(current);
    }
    return { url: current, status: response.status, html: await response.text() };
  }

  cookie(origin: string, name: string): string | undefined {
    return [...(this.jars.get(new URL(origin).origin)?.values() ?? [])].find((cookie) => cookie.name === name)?.value;
  }

  /** Forgets one site's cookies, as if the user cleared them for that site only. */
  clearCookies(origin: string): void {
    this.jars.delete(new URL(origin).origin);
  }

  private cookieHeader(url: URL): string {
    const jar = this.jars.get(url.origin);
    if (!jar) return "";
    return [...jar.values()]
      .filter((cookie) => pathMatches(url.pathname, cookie.path))
      .sort((a, b) => b.path.length - a.path.length)
      .map((cookie) => `${cookie.name}=${cookie.value}`)
      .join("; ");
  }

  private store(url: URL, header: string): void {
    const [pair = "", ...attributes] = header.split(";").map((part) => part.trim());
    const separator = pair.indexOf("=");
    const name = pair.slice(0, separator);
    const value = pair.slice(separator + 1);
    const options = new Map(
      attributes.map((attribute) => {
        const [key = "", ...rest] = attribute.split("=");
        return [key.toLowerCase(), rest.join("=")] as const;
      }),
    );
    const path = options.get("path")?.startsWith("/") ? options.get("path")! : defaultPath(url.pathname);
    const maxAge = options.get("max-age");
    const expires = options.get("expires");
    const expired = maxAge !== undefined ? Number(maxAge) <= 0 : expires !== undefined && Date.parse(expires) <= Date.now();
    const jar = this.jars.get(url.origin) ?? new Map<string, StoredCookie>();
    this.jars.set(url.origin, jar);
    if (expired) jar.delete(`${name};${path}`);
    else jar.set(`${name};${path}`, { name, value, path });
  }
}

function formInit(form: Record<string, string>): RequestInit {
  return { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: new URLSearchParams(form).toString() };
}

function defaultPath(pathname: string): string {
  const slash = pathname.lastIndexOf("/");
  return slash <= 0 ? "/" : pathname.slice(0, slash);
}

function pathMatches(requestPath: string, cookiePath: string): boolean {
  return (
    requestPath === cookiePath ||
    (requestPath.startsWith(cookiePath) && (cookiePath.endsWith("/") || requestPath[cookiePath.length] === "/"))
  );
}
