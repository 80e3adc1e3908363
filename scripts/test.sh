#!/usr/bin/env bash
# npm test: typecheck, lint, unit + integration tests (vitest), production build, browser tests
# (Playwright on Debian Chromium), with the attack suite (tests/security, against the production
# build) between the build and the browser tests. Ends with one plain line "N passed, M failed" and exits
# non-zero on any failure.
set -uo pipefail
cd "$(dirname "$0")/.."
mkdir -p .tmp
rm -f .tmp/vitest.json .tmp/vitest-pg.json .tmp/security.json .tmp/playwright.json
status=0

step() { printf '\n=== %s\n' "$1"; }

step "typecheck"
if ! npx tsc --noEmit; then status=1; typecheck_failed=1; fi

step "lint (typescript-eslint, with no-floating-promises and no-misused-promises)"
if ! npx eslint .; then status=1; lint_failed=1; fi

step "questionnaires"
if ! npx tsx scripts/questionnaire-check.ts; then status=1; questionnaires_failed=1; fi

step "unit and integration tests (vitest)"
npx vitest run --reporter=default --reporter=json --outputFile.json=.tmp/vitest.json || status=1

step "integration tests on PostgreSQL (vitest, each file on its own database)"
pg_url="${PG_TEST_URL:-}"
if [ -z "$pg_url" ] && ls -d /usr/lib/postgresql/*/bin >/dev/null 2>&1; then
  pg_url=$(bash scripts/pg-local.sh 2>.tmp/pg-local.log | tail -1) || pg_url=""
fi
if [ -n "$pg_url" ] && node -e 'const pg = require("pg"); const c = new pg.Client({ connectionString: process.argv[1] }); c.connect().then(() => c.end(), () => process.exit(1))' "$pg_url" 2>/dev/null; then
  echo "PostgreSQL: ${pg_url%%\?*}"
  pg_ok_url="$pg_url"
  PG_TEST_URL="$pg_url" npx vitest run tests/integration --reporter=default --reporter=json --outputFile.json=.tmp/vitest-pg.json || status=1
else
  echo "No PostgreSQL is reachable (install Debian's postgresql package, or set PG_TEST_URL): the integration tests ran on SQLite only."
  pg_skipped=1
fi

step "production build"
if ! npx remix build; then status=1; build_failed=1; fi

step "npm start serves the production build (/healthz)"
if [ -z "${build_failed:-}" ]; then
  start_dir=$(mktemp -d)
  start_port=$((4400 + RANDOM % 500))
  secret() { node -e 'console.log(require("crypto").randomBytes(36).toString("base64"))'; }
  WEB_CONCURRENCY=2 PORT=$start_port DATABASE_URL="file:$start_dir/start.db" DATA_DIR="$start_dir" SESSION_SECRET="$(secret)" AUDIT_HMAC_KEY="$(secret)" \
    setsid npm start >"$start_dir/log" 2>&1 &
  start_pid=$!
  start_ok=""
  for _ in $(seq 1 60); do
    if node -e 'fetch(process.argv[1]).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))' "http://127.0.0.1:$start_port/healthz"; then start_ok=1; break; fi
    sleep 1
  done
  kill -- -"$start_pid" 2>/dev/null; wait "$start_pid" 2>/dev/null
  if [ -n "$start_ok" ] && ! grep -q "starting 2 worker processes" "$start_dir/log"; then echo "npm start did not start 2 worker processes with WEB_CONCURRENCY=2:"; cat "$start_dir/log"; start_ok=""; fi
  if [ -n "$start_ok" ]; then echo "npm start (WEB_CONCURRENCY=2): /healthz answered 200 on port $start_port"; else echo "npm start did not answer /healthz:"; cat "$start_dir/log"; status=1; start_failed=1; fi
  rm -rf "$start_dir"
else
  echo "skipped: the build failed"
fi

step "attack suite (tests/security, production build)"
if [ -z "${build_failed:-}" ]; then
  # With a PostgreSQL, the suite also runs two instances on one database (tests/security/multi-instance.test.ts).
  PG_TEST_URL="${pg_ok_url:-}" npx vitest run --config vitest.security.config.ts --reporter=default --reporter=json --outputFile.json=.tmp/security.json || status=1
else
  echo "skipped: the build failed"
fi

step "browser tests (playwright)"
if [ -z "${build_failed:-}" ]; then
  PLAYWRIGHT_JSON_OUTPUT_NAME=.tmp/playwright.json npx playwright test --reporter=line,json || status=1
else
  echo "skipped: the build failed"
fi

read -r vp vf < <(node -e '
  const fs = require("fs");
  try { const r = JSON.parse(fs.readFileSync(".tmp/vitest.json", "utf8")); console.log(r.numPassedTests, r.numFailedTests + (r.numRuntimeErrorTestSuites || 0) ); }
  catch { console.log(0, 1); }')
if [ -n "${pg_skipped:-}" ]; then gp=0; gf=0; else
read -r gp gf < <(node -e '
  const fs = require("fs");
  try { const r = JSON.parse(fs.readFileSync(".tmp/vitest-pg.json", "utf8")); console.log(r.numPassedTests, r.numFailedTests + (r.numRuntimeErrorTestSuites || 0) ); }
  catch { console.log(0, 1); }')
fi
read -r sp sf < <(node -e '
  const fs = require("fs");
  try { const r = JSON.parse(fs.readFileSync(".tmp/security.json", "utf8")); console.log(r.numPassedTests, r.numFailedTests + (r.numRuntimeErrorTestSuites || 0) ); }
  catch { console.log(0, 1); }')
read -r pp pf < <(node -e '
  const fs = require("fs");
  try { const r = JSON.parse(fs.readFileSync(".tmp/playwright.json", "utf8")); console.log(r.stats.expected, r.stats.unexpected + r.stats.flaky); }
  catch { console.log(0, 1); }')
passed=$((vp + gp + sp + pp))
failed=$((vf + gf + sf + pf + ${typecheck_failed:-0} + ${lint_failed:-0} + ${build_failed:-0} + ${questionnaires_failed:-0} + ${start_failed:-0}))
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1; fi
echo
if [ -n "${pg_skipped:-}" ]; then pg_line="PostgreSQL: not reachable, skipped"; else pg_line="integration on PostgreSQL: ${gp} passed, ${gf} failed"; fi
echo "vitest (SQLite): ${vp} passed, ${vf} failed; ${pg_line}; attack suite: ${sp} passed, ${sf} failed; playwright: ${pp} passed, ${pf} failed"
echo "${passed} passed, ${failed} failed"
exit $status
