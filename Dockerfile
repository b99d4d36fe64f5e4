# syntax=docker/dockerfile:1
#
# Castello: one image for the web server, the job worker and the migrations (docs/deploy.md).
#   web (default):  node server.js          Next.js's standalone server on $PORT (3000)
#   worker:         node --import tsx scripts/worker.ts   (= npm run worker, with the SIGTERM of a
#                   stop reaching the worker, which npm does not pass on); run as many as you like
#   migrate:        npm run db:migrate      applies drizzle/ once, before web and worker start
#
#   docker build -t castello:0.1.0 .
#
# Stages: deps (every dependency) -> build (next build, standalone output) -> runtime
# (production dependencies only, the standalone server, and the sources tsx runs).

# ---- deps: every dependency, dev included (the build needs TypeScript, Tailwind, ...) -------
FROM node:24.22.3-trixie-slim AS deps
WORKDIR /app
ENV NEXT_TELEMETRY_DISABLED=1
COPY package.json package-lock.json ./
# npm 11 runs a dependency's install script only when package.json's allowScripts lists it
# (esbuild for tsx, the embedded Postgres binary); nothing else runs at install time.
RUN npm ci --no-audit --no-fund

# ---- build: next build with output "standalone" (next.config.ts reads NEXT_OUTPUT_STANDALONE) --
FROM node:24.22.3-trixie-slim AS build
WORKDIR /app
ENV NODE_ENV=production \
    NEXT_TELEMETRY_DISABLED=1 \
    NEXT_OUTPUT_STANDALONE=1
COPY --from=deps /app/node_modules ./node_modules
COPY . .
# The build needs no secrets: settings are read when the server starts, never at build time.
RUN npm run build

# ---- runtime: production dependencies, the standalone server, non-root ---------------------
FROM node:24.22.3-trixie-slim AS runtime
WORKDIR /app
ENV NODE_ENV=production \
    NEXT_TELEMETRY_DISABLED=1 \
    NPM_CONFIG_UPDATE_NOTIFIER=false \
    PORT=3000 \
    HOSTNAME=0.0.0.0

# The worker and the migrations run TypeScript with tsx, which is a production dependency.
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force

# What tsx runs (npm run worker, db:migrate, keys:rotate): the sources, the catalogues the
# mails are written from, the migrations, and tsconfig.json for the "@/" import paths.
COPY tsconfig.json ./
COPY lib ./lib
COPY scripts ./scripts
COPY messages ./messages
COPY drizzle ./drizzle
COPY deploy/docker/healthcheck.mjs ./deploy/docker/healthcheck.mjs

# The standalone server (server.js, .next/ and the node_modules files it traced) goes on top
# of the same tree: it finds drizzle/ in its working directory (it migrates on boot too, a
# no-op once the migrate step ran). Static assets are not part of standalone: copy them.
COPY --from=build /app/.next/standalone ./
COPY --from=build /app/.next/static ./.next/static

# Everything above belongs to root and is read-only for the app; it writes only its cache.
# It runs as the image's `node` user, by number so Kubernetes' runAsNonRoot can verify it.
RUN mkdir -p .next/cache && chown node:node .next/cache
USER 1000:1000

EXPOSE 3000
# Liveness of the web server. Compose and Kubernetes set their own probes (and a start period;
# dockerfilelint 1.8 misreads --start-period, so it is left to them). The worker overrides it.
HEALTHCHECK --interval=30s --timeout=5s --retries=3 \
    CMD ["node", "deploy/docker/healthcheck.mjs", "web", "/api/health/live"]
CMD ["node", "server.js"]
