#!/usr/bin/env bash
# Load test of Tilmeld against its limits, side by side in one run on one
# machine (issue 8). Prints four figures and the ratios:
#   1. GET of the MamaMove form vs GET of a static file of the same size,
#      from the same binary (TILMELD_PUBLIC_DIR), both gzip, 50 connections;
#   2. sign-up POSTs vs pgbench inserting the same row, same durability;
#   3. p99 latency of sign-up POSTs at 200 connections;
#   4. peak resident memory of the service under that load.
# Needs wrk and pgbench (Debian: apt-get install wrk postgresql-client) and a
# PostgreSQL server: BENCH_DATABASE_URL (default: local 5432, trust auth).
#
#   bench/run.sh            # 15 s per measurement
#   DURATION=30s bench/run.sh
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

server_url=${BENCH_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable}
duration=${DURATION:-15s}
addr=127.0.0.1:${BENCH_PORT:-18300}
db=tilmeld_bench_$$
work=$(mktemp -d)
pid=""

cleanup() {
  [[ -n $pid ]] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null || true
  psql -q "$server_url" -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

for tool in wrk pgbench psql; do
  command -v $tool >/dev/null || { echo "bench: $tool is missing (apt-get install wrk postgresql-client)" >&2; exit 1; }
done

db_url=$(python3 -c "import sys,urllib.parse as u; p=u.urlparse(sys.argv[1]); print(u.urlunparse(p._replace(path='/'+sys.argv[2])))" "$server_url" "$db")
psql -q "$server_url" -c "CREATE DATABASE $db" >/dev/null

go build -trimpath -o "$work/tilmeld" ./cmd/tilmeld
mkdir -p "$work/public"
TILMELD_DATA_KEY=$(head -c 32 /dev/urandom | base64) \
DATABASE_URL=$db_url TILMELD_ADDR=$addr TILMELD_BASE_URL=http://$addr TILMELD_LOG_LEVEL=error TILMELD_SIGNUP_LIMIT=0 TILMELD_FORM_MIN_AGE=0 \
  TILMELD_PUBLIC_DIR=$work/public "$work/tilmeld" serve >"$work/serve.log" 2>&1 &
pid=$!
for _ in $(seq 1 50); do curl -sf "http://$addr/readyz" >/dev/null && break; sleep 0.2; done
curl -sf "http://$addr/readyz" >/dev/null || { cat "$work/serve.log"; exit 1; }

# The static twin: the form page's own bytes, served as a file.
curl -sf "http://$addr/a/mamamove" -o "$work/public/form.html"
size=$(stat -c %s "$work/public/form.html")
# Every POST carries this form's signed time stamp ("time.signature" of
# its token), each with its own idempotency key (bench/signup.lua).
stamp=$(grep -o 'name="_idem" value="[^"]*"' "$work/public/form.html" | sed 's/.*value="[^.]*\.\([^"]*\)"/\1/')

rps() { grep -m1 'Requests/sec' | awk '{print $2}'; }
gz=(-H 'Accept-Encoding: gzip')

echo "== 1. form page GET vs static file of the same size ($size bytes), 50 connections, $duration"
wrk -t2 -c50 -d"$duration" "${gz[@]}" "http://$addr/a/mamamove" >"$work/get_form.txt"
wrk -t2 -c50 -d"$duration" "${gz[@]}" "http://$addr/public/form.html" >"$work/get_static.txt"
form_rps=$(rps <"$work/get_form.txt")
static_rps=$(rps <"$work/get_static.txt")

echo "== 2+3+4. sign-up POSTs, 200 connections, $duration"
wrk -t2 -c200 -d"$duration" --latency -s bench/signup.lua "http://$addr/a/mamamove" -- "$stamp" >"$work/post.txt" &
wrk_pid=$!
peak=0
while kill -0 $wrk_pid 2>/dev/null; do
  rss=$(awk '/VmRSS/ {print $2}' "/proc/$pid/status")
  ((rss > peak)) && peak=$rss
  sleep 0.2
done
wait $wrk_pid
post_rps=$(rps <"$work/post.txt")
p99=$(awk '$1 == "99%" {print $2}' "$work/post.txt")
non2xx=$(grep -m1 'Non-2xx' "$work/post.txt" | awk '{print $NF}' || true)
rows=$(psql -qAt "$db_url" -c "SELECT count(*) FROM signups")

echo "== 2. pgbench inserting the same row, synchronous_commit as the server has it, $duration"
activity=$(psql -qAt "$db_url" -c "SELECT id FROM activities WHERE slug = 'jobaften'")
sed "s/:activity/$activity/" bench/insert.sql >"$work/insert.sql"
psql -q "$db_url" -c "CREATE SEQUENCE bench_seq START 1000000000" \
  -c "CREATE TABLE bench_signups (LIKE signups INCLUDING ALL)"
pg_clients=$(psql -qAt "$db_url" -c "SELECT least(200, current_setting('max_connections')::int - 30)")
# The service is stopped first: its idle pool would count against
# max_connections, and its cores are pgbench's now.
kill "$pid" && wait "$pid" 2>/dev/null || true
pid=""
pgbench -n -c "$pg_clients" -j 2 -T "${duration%s}" -f "$work/insert.sql" "$db_url" >"$work/pgbench.txt" 2>&1 ||
  { grep -m3 error "$work/pgbench.txt"; exit 1; }
pg_tps=$(grep -m1 '^tps' "$work/pgbench.txt" | awk '{print $3}')

ratio() { python3 -c "print(f'{float($1)/float($2):.2f}')"; }
echo
echo "form GET        $form_rps req/s"
echo "static GET      $static_rps req/s      ratio $(ratio "$form_rps" "$static_rps")  (goal >= 0.7)"
echo "sign-up POST    $post_rps req/s  ($rows rows stored, non-2xx: ${non2xx:-0})"
echo "pgbench insert  $pg_tps tps ($pg_clients clients) ratio $(ratio "$post_rps" "$pg_tps")  (goal >= 0.8, issue 14)"
echo "POST p99        $p99 at 200 connections  (goal < 100ms)"
echo "peak RSS        $((peak / 1024)) MB  (goal < 150 MB)"
