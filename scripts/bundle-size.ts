/**
 * `npm run bench:bundle`: the first-load JavaScript of every page route of the last `next build`,
 * gzip-compressed, one line per route (`bench first-load-js-<route> <kB> kB`), then the part every
 * route shares (Next.js's and React's own runtime) and the largest route.
 *
 * A route's first load is what its HTML makes the browser fetch: the root main files of
 * `.next/build-manifest.json` (the polyfills are `nomodule`, so a current browser skips them)
 * and the entry chunks of every segment on the route's path (its layouts, error, not-found and
 * global-error boundaries, and the page), from the route's `page_client-reference-manifest.js`;
 * the same chunks Next.js lists in `.next/diagnostics/route-bundle-stats.json`. Each chunk counts
 * once, gzip level 9, kB = 1000 bytes, as `next build` printed them before Next.js 16.
 *
 * `--html <origin> <path>[=<route>] …` fetches public pages from a running server (`npm start`)
 * and compares the count with the chunks of their `<script src>` tags: a chunk in the HTML that
 * is not counted fails the check. The HTML may load less (Next.js emits no script tag for a
 * not-found boundary that is not shown), so the count is an upper bound.
 */
import { existsSync, readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { runInNewContext } from "node:vm";
import { gzipSync } from "node:zlib";

const NEXT_DIR = path.resolve(".next");
const APP_DIR = path.join(NEXT_DIR, "server", "app");
const MANIFEST_FILE = "page_client-reference-manifest.js";

interface ClientReferenceManifest {
  entryJSFiles: Record<string, string[]>;
}

function rootMainFiles(): string[] {
  const manifest = JSON.parse(readFileSync(path.join(NEXT_DIR, "build-manifest.json"), "utf8")) as { rootMainFiles: string[] };
  return manifest.rootMainFiles;
}

function manifestFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return manifestFiles(full);
    return entry.name === MANIFEST_FILE ? [full] : [];
  });
}

/** The manifest is a script that assigns `globalThis.__RSC_MANIFEST[<page>]`; it runs in an empty context. */
function readClientManifest(file: string): ClientReferenceManifest {
  const context: { self?: unknown; __RSC_MANIFEST: Record<string, ClientReferenceManifest> } = { __RSC_MANIFEST: {} };
  context.self = context;
  runInNewContext(readFileSync(file, "utf8"), context);
  const [manifest] = Object.values(context.__RSC_MANIFEST);
  if (!manifest) throw new Error(`${file} defines no client reference manifest`);
  return manifest;
}

/** `(portal)/family/[familyId]/page_client-reference-manifest.js` → `/family/[familyId]`. */
function routeOf(file: string): string {
  const segments = path
    .relative(APP_DIR, path.dirname(file))
    .split(path.sep)
    .filter((segment) => segment !== "" && !/^\(.*\)$/.test(segment));
  return `/${segments.join("/")}`;
}

const gzipCache = new Map<string, number>();
function gzipBytes(chunk: string): number {
  const cached = gzipCache.get(chunk);
  if (cached !== undefined) return cached;
  const bytes = gzipSync(readFileSync(path.join(NEXT_DIR, chunk.replace(/^\/?_next\//, ""))), { level: 9 }).length;
  gzipCache.set(chunk, bytes);
  return bytes;
}

function kB(bytes: number): string {
  return (bytes / 1000).toFixed(1);
}

export interface RouteSize {
  route: string;
  chunks: string[];
  bytes: number;
}

function assertBuilt(): void {
  if (!existsSync(path.join(NEXT_DIR, "BUILD_ID"))) throw new Error("no build in .next: run `npm run build` first");
}

/** What every route loads before its own chunks: Next.js's router, React DOM and the bundler's runtime. */
export function sharedSize(): RouteSize {
  assertBuilt();
  const chunks = [...rootMainFiles()].sort();
  return { route: "shared", chunks, bytes: chunks.reduce((sum, chunk) => sum + gzipBytes(chunk), 0) };
}

export function routeSizes(): RouteSize[] {
  assertBuilt();
  const shared = rootMainFiles();
  return manifestFiles(APP_DIR)
    .map((file) => ({ route: routeOf(file), manifest: readClientManifest(file) }))
    .filter(({ route }) => route !== "/_global-error")
    .map(({ route, manifest }) => {
      const chunks = [...new Set([...shared, ...Object.values(manifest.entryJSFiles).flat()])].sort();
      return { route, chunks, bytes: chunks.reduce((sum, chunk) => sum + gzipBytes(chunk), 0) };
    })
    .sort((a, b) => a.route.localeCompare(b.route));
}

/** The chunks a served page's `<script src>` tags load (Next.js's own and the page's, not inline scripts). */
async function htmlChunks(origin: string, route: string): Promise<string[]> {
  const response = await fetch(new URL(route, origin), { redirect: "manual" });
  if (response.status !== 200) throw new Error(`${route} answered ${response.status}`);
  const html = await response.text();
  const sources = [...html.matchAll(/<script[^>]*\ssrc="([^"]+)"[^>]*>/g)]
    .filter(([tag]) => !/\snomodule/i.test(tag!))
    .map(([, src]) => new URL(src!, origin).pathname.replace(/^\/_next\//, ""));
  return [...new Set(sources)].sort();
}

async function crossCheck(origin: string, paths: string[], sizes: RouteSize[]): Promise<boolean> {
  let counted = true;
  for (const requested of paths) {
    const [pathname, route = pathname] = requested.split("=") as [string, string?];
    const measured = sizes.find((size) => size.route === route);
    if (!measured) throw new Error(`no route ${route} in the build`);
    const served = await htmlChunks(origin, pathname);
    const bytes = served.reduce((sum, chunk) => sum + gzipBytes(chunk), 0);
    const missing = served.filter((chunk) => !measured.chunks.includes(chunk));
    const extra = measured.chunks.filter((chunk) => !served.includes(chunk));
    console.log(`html ${pathname} (${route}): ${kB(bytes)} kB in ${served.length} scripts, manifest ${kB(measured.bytes)} kB`);
    if (missing.length > 0) console.log(`  in the HTML, not counted: ${missing.join(" ")}`);
    if (extra.length > 0) console.log(`  counted, not in the HTML: ${extra.join(" ")}`);
    counted &&= missing.length === 0;
  }
  return counted;
}

const isMain = process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename);
if (isMain) {
  const sizes = routeSizes();
  for (const size of sizes) console.log(`bench first-load-js-${size.route} ${kB(size.bytes)} kB`);
  console.log(`bench first-load-js-shared ${kB(sharedSize().bytes)} kB`);
  const largest = sizes.reduce((a, b) => (b.bytes > a.bytes ? b : a));
  console.log(`bench first-load-js-max ${kB(largest.bytes)} kB`);
  console.log(`largest: ${largest.route}`);

  const htmlFlag = process.argv.indexOf("--html");
  if (htmlFlag !== -1) {
    const [origin, ...paths] = process.argv.slice(htmlFlag + 1);
    if (!origin || paths.length === 0) throw new Error("usage: --html <origin> <path>[=<route>] …");
    if (!(await crossCheck(origin, paths, sizes))) process.exitCode = 1;
  }
}
