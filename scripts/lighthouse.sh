#!/usr/bin/env bash
# Lighthouse 12.2.3 (npm, pinned in package.json) with its default mobile
# settings (a mid-range phone, simulated slow 4G and a 4x slower CPU) on the
# MamaMove form, in Debian's Chromium. Prints the four category scores and
# any audit that lost points, keeps the last report in artifacts/lighthouse/,
# and fails unless accessibility and best practices score 100 and performance
# at least 95 (when a first run falls short on performance alone, the median
# of three runs decides).
#
#   scripts/lighthouse.sh          # builds tilmeld, serves it on a throwaway
#                                  # PostgreSQL, audits /a/mamamove
#   scripts/lighthouse.sh URL      # audits a page that is already served
#
# Environment:
#   CHROME_PATH      the browser (default: chromium found on PATH)
#   LIGHTHOUSE_OUT   report folder (default: artifacts/lighthouse)
# Needs npm ci first, and for the first form PostgreSQL's programs (see
# README: tilmeld serve starts its own server when DATABASE_URL is unset).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

lighthouse=node_modules/.bin/lighthouse
[[ -x $lighthouse ]] || { echo "error: $lighthouse is missing: run npm ci" >&2; exit 1; }
if [[ -z ${CHROME_PATH:-} ]]; then
  CHROME_PATH=$(command -v chromium || command -v chromium-browser || command -v google-chrome || true)
  [[ -n $CHROME_PATH ]] || { echo "error: no Chromium: apt-get install chromium, or set CHROME_PATH" >&2; exit 1; }
fi
export CHROME_PATH
out=${LIGHTHOUSE_OUT:-artifacts/lighthouse}
mkdir -p "$out"

scratch=$(mktemp -d "${TMPDIR:-/tmp}/tilmeld-lighthouse.XXXXXX")
server_pid=""
finish() {
  if [[ -n $server_pid ]]; then
    kill "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true # tilmeld stops its PostgreSQL on SIGTERM
  fi
  rm -rf "$scratch"
}
trap finish EXIT

# free_port asks the kernel for a free TCP port on 127.0.0.1.
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# serve builds tilmeld and starts it with a PostgreSQL of its own in the
# scratch folder, which the seed catalogue fills on first start.
serve() {
  local port pg_port
  port=$(free_port)
  pg_port=$(free_port)
  go build -o "$scratch/tilmeld" ./cmd/tilmeld
  chmod 755 "$scratch" # as root, PostgreSQL runs as user postgres and must enter it
  env -u DATABASE_URL TILMELD_ADDR="127.0.0.1:$port" TILMELD_DATA_DIR="$scratch/data" TILMELD_PG_PORT="$pg_port" \
    TILMELD_LOG_LEVEL=warn "$scratch/tilmeld" serve >"$scratch/serve.log" 2>&1 &
  server_pid=$!
  for _ in $(seq 120); do
    if curl -fsS "http://127.0.0.1:$port/readyz" >/dev/null 2>&1; then
      url="http://127.0.0.1:$port/a/mamamove"
      return
    fi
    kill -0 "$server_pid" 2>/dev/null || break
    sleep 0.5
  done
  cat "$scratch/serve.log" >&2
  echo "error: tilmeld serve did not become ready" >&2
  exit 1
}

url=${1:-}
[[ -n $url ]] || serve

# Headless Chromium as Lighthouse's launcher starts it, plus what running as
# root in a container needs: no sandbox, no /dev/shm, no background traffic.
flags="--headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage --disable-background-networking"
flags+=" --disable-component-update --disable-default-apps --disable-sync --no-first-run"

# audit runs Lighthouse once (run number $1) and prints the scores; it
# returns 0 when every bar is met, 2 when only performance falls short, and
# 1 otherwise.
audit() {
  echo "lighthouse $url (run $1)" >&2
  "$lighthouse" "$url" --quiet --chrome-flags="$flags" \
    --only-categories=performance,accessibility,best-practices,seo \
    --output=json --output=html --output-path="$out/mamamove" || return 1
  cp "$out/mamamove.report.json" "$scratch/run$1.json"
  node - "$scratch/run$1.json" <<'EOF'
const report = require(process.argv[2]);
const need = { performance: 95, accessibility: 100, "best-practices": 100 };
let status = 0;
for (const [id, c] of Object.entries(report.categories)) {
  const score = Math.round(c.score * 100);
  const min = need[id];
  if (min !== undefined && score < min) status = id === "performance" && status === 0 ? 2 : 1;
  console.log(`${id.padEnd(15)} ${String(score).padStart(3)}${min === undefined ? "" : `   (needs ${min})`}`);
}
for (const a of Object.values(report.audits)) {
  if (a.score !== null && a.score < 1 && ["binary", "numeric", "metricSavings"].includes(a.scoreDisplayMode)) {
    console.log(`  lost points: ${a.id} (${a.score})${a.displayValue ? " " + a.displayValue : ""}`);
  }
}
process.exit(status);
EOF
}

# performance prints the performance score of run $1.
performance() {
  node -e 'console.log(Math.round(require(process.argv[1]).categories.performance.score * 100))' "$scratch/run$1.json"
}

# Accessibility and best practices do not vary between runs; performance
# does, with the machine's load, because Lighthouse simulates a slow phone
# from the CPU time it measures. As its documentation advises for such
# variance, a performance score under the bar is judged on the median of
# three runs.
status=0
audit 1 || status=$?
if ((status == 2)); then
  for run in 2 3; do
    audit "$run" || (($? == 2)) || exit 1
  done
  scores=("$(performance 1)" "$(performance 2)" "$(performance 3)")
  median=$(printf '%s\n' "${scores[@]}" | sort -n | sed -n 2p)
  echo "performance in three runs: ${scores[*]}; median $median (needs 95)"
  ((median >= 95)) || exit 1
  status=0
fi
exit "$status"
