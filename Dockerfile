# syntax=docker/dockerfile:1
#
# HubSpot CRM Integration. Stages:
#   deps     npm ci (all dependencies) and the generated Prisma client
#   build    lib/tooling/build/build-standalone.sh: Next.js standalone server + bundled CLIs, laid out as /app
#   test     full source with dev dependencies: `npm test` (the compose `test` service)
#   runtime  (default) only what runs: the standalone server, its traced node_modules, static
#            assets, migrations and the bundled CLIs; non-root; no secret
#
# One runtime image serves every production role (see docker-compose.yml):
#   node web-server.cjs    the web app on $PORT (5001)        CMD (the API, then Next.js: server.js; heap WEB_MAX_*_SPACE_MB)
#   node cli/migrate.mjs   apply prisma/migrations, then exit  the `migrate` service
#   node cli/worker.mjs    the background sync worker          the `worker` service
#   node cli/sandbox.mjs   the built-in HubSpot sandbox        the `sandbox` service (demo profile)
# Configuration comes from the environment at run time (README "Configuration").

ARG NODE_IMAGE=node:20-bookworm-slim

FROM ${NODE_IMAGE} AS base
ENV NEXT_TELEMETRY_DISABLED=1 \
    CHECKPOINT_DISABLE=1
WORKDIR /app

# ---------------------------------------------------------------------------------------------
FROM base AS deps
# Only what `npm ci` and `prisma generate` read, so this layer is rebuilt only when they change.
COPY package.json package-lock.json prisma.config.ts ./
COPY prisma ./prisma
COPY lib/runtime/database-url.ts ./lib/runtime/database-url.ts
# Dependencies' own install scripts are not run (npm 11's default, which the project is tested
# with): none is needed, and some would try to download or compile things. The project's own
# postinstall (`prisma generate` with the JS engine, no download) is run explicitly.
RUN npm ci --no-audit --no-fund --ignore-scripts \
 && npm run postinstall \
 && npm cache clean --force

# ---------------------------------------------------------------------------------------------
FROM deps AS build
COPY . .
RUN bash lib/tooling/build/build-standalone.sh /out

# ---------------------------------------------------------------------------------------------
FROM deps AS test
COPY . .
ENV NODE_ENV=test
# Runs as root, as CI does: the suite's embedded-PostgreSQL tests create a `postgres` OS user.
CMD ["npm", "test"]

# ---------------------------------------------------------------------------------------------
FROM base AS runtime
ENV NODE_ENV=production \
    PORT=5001 \
    HOSTNAME=0.0.0.0
# Owned by root and read-only for the app user; only Next.js's cache folder is writable.
COPY --from=build /out /app
RUN mkdir -p /app/.next/cache && chown node:node /app/.next/cache
USER node
EXPOSE 5001
# 200 while the database answers (HubSpot being unreachable makes /api/health "degraded", still 200).
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||5001)+'/api/health',{signal:AbortSignal.timeout(4000)}).then(r=>process.exit(r.status===200?0:1),()=>process.exit(1))"]
CMD ["sh", "-c", "exec node --max-old-space-size=\"${WEB_MAX_OLD_SPACE_MB:-384}\" --max-semi-space-size=\"${WEB_MAX_SEMI_SPACE_MB:-32}\" web-server.cjs"]
