#!/usr/bin/env bash
# Builds everything the runtime image runs and lays it out as the image's /app:
#
#   web-server.cjs                     the web process (lib/runtime/web-server.cjs): the API, then Next.js
#   server.js, node_modules/, .next/   Next.js standalone server (+ .next/static)
#   public/                            static files, when the project has any
#   prisma/migrations/                 read by cli/migrate.mjs
#   cli/migrate.mjs, cli/worker.mjs, cli/sandbox.mjs   bundled entry points (lib/tooling/build/bundle-cli.mjs)
#   cli/api-server.mjs                 the lean API server web-server.cjs loads (same bundler)
#
# The Dockerfile's build stage runs exactly this, and .ci/check-standalone.sh runs it too before it
# starts the result the way the image does. Needs `npm ci` (or `npm install`) first.
#
#   lib/tooling/build/build-standalone.sh OUT_DIR
set -euo pipefail
cd "$(dirname "$0")/../../.."

out=${1:?usage: lib/tooling/build/build-standalone.sh OUT_DIR}
case "$out" in /*) ;; *) out="$PWD/$out" ;; esac
# OUT_DIR is replaced as a whole: only ever an empty folder or an earlier output of this script.
if [ -e "$out" ] && [ -n "$(ls -A "$out")" ] && [ ! -f "$out/server.js" ]; then
  echo "build-standalone: $out exists and is not an earlier build output; refusing to replace it" >&2
  exit 1
fi

echo "== next build (standalone output)"
# No database and no secret at build time. The placeholder URL points at a port nothing listens on:
# the build never connects (it would fail if it tried). The app's secrets are removed from the
# build's environment so none of them can be compiled into the output.
env -u NODE_ENV -u AUTH_SECRET -u TOKEN_ENCRYPTION_KEY -u HUBSPOT_CLIENT_SECRET -u HUBSPOT_ACCESS_TOKEN \
  -u HUBSPOT_REFRESH_TOKEN -u API_KEYS \
  DATABASE_URL="postgresql://build:build@127.0.0.1:1/build" NEXT_TELEMETRY_DISABLED=1 \
  node_modules/.bin/next build

if [ ! -f .next/standalone/server.js ]; then
  echo "build-standalone: .next/standalone/server.js is missing: is output: \"standalone\" still set in next.config.ts," >&2
  echo "and is the project its own tracing root (no package-lock.json in a parent folder)?" >&2
  exit 1
fi

echo "== assembling $out"
rm -rf "$out"
mkdir -p "$out"
cp -a .next/standalone/. "$out/"
# Next.js copies .env and .env.production next to server.js; configuration comes from the
# environment only (the image never holds a secret, and the launcher passes its own).
rm -f "$out/.env" "$out"/.env.*
cp -a .next/static "$out/.next/static"
if [ -d public ]; then cp -a public "$out/public"; fi
cp -a lib/runtime/web-server.cjs "$out/web-server.cjs"
mkdir -p "$out/prisma"
cp -a prisma/migrations "$out/prisma/migrations"

echo "== bundling the command-line entry points"
node lib/tooling/build/bundle-cli.mjs "$out/cli"

echo "build-standalone: $(du -sh "$out" | cut -f1) in $out"
