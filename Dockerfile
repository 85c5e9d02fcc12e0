# The proxy's production image (docs/deployment.md). Three stages on the official Node 20 slim image:
#   build  — the whole repository with its dev tools, compiles the proxy into proxy-service/dist (esbuild bundle);
#   deps   — installs only the bundle's runtime dependencies (compilers here for better-sqlite3, never shipped);
#   final  — the bundle and those dependencies, owned by root and read-only to the non-root user that runs it;
#            DATA_DIR (/data) is the one writable place (SQLite store, generated secrets).
# CI cannot reach a container registry, so this file is not built there: test/production runs its CMD on a
# production-only install of the same dist/ folder, and checks this file keeps that CMD, base, user and health check.

FROM node:20-bookworm-slim AS build
WORKDIR /src
COPY . .
# Scripts off: the build needs esbuild (a prebuilt binary package) and TypeScript sources, nothing compiled.
RUN npm ci --ignore-scripts --no-audit --no-fund \
 && npm run --silent build -w proxy-service

FROM node:20-bookworm-slim AS deps
# better-sqlite3 downloads a prebuilt binary, or compiles one with these when none fits.
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY --from=build /src/proxy-service/dist/package.json ./
RUN npm install --omit=dev --no-audit --no-fund

FROM node:20-bookworm-slim
ENV NODE_ENV=production \
    DATA_DIR=/data \
    HOST=0.0.0.0 \
    PORT=3000
WORKDIR /app
COPY --from=deps /app/node_modules ./node_modules
COPY --from=build /src/proxy-service/dist/ ./
RUN mkdir -p /data && chown node:node /data && chmod 0700 /data
USER node
VOLUME ["/data"]
EXPOSE 3000
# Liveness only (/readyz also checks Xero and the database, which must not restart a healthy container).
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
# SIGTERM drains requests in flight (up to SHUTDOWN_GRACE_SECONDS, 30 by default): give `docker stop` / the
# platform more than that (`--stop-timeout 40`, compose's stop_grace_period).
STOPSIGNAL SIGTERM
CMD ["node", "app/main.js"]
