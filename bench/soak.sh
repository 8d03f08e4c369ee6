#!/usr/bin/env bash
# Soak test of Tilmeld: mixed load with faults for DURATION (default 10m),
# then the invariants (issue 8). Not part of CI; run it by hand before a
# release or after changing sign-ups, the outbox or the Slack app.
#
#   bench/soak.sh                          # 10 minutes, the shared server
#   DURATION=2m bench/soak.sh              # shorter
#   SOAK_OWN_POSTGRES=1 bench/soak.sh      # a private PostgreSQL, restarted during the run
#
# What it runs: a fresh database (on BENCH_DATABASE_URL's server, default
# the local one on 5432 with trust auth, as bench/run.sh; or, with
# SOAK_OWN_POSTGRES=1, a private cluster made with initdb under a
# temporary folder), two `tilmeld serve` instances on it with the Slack
# app enabled and pointed at a fake Slack Web API on loopback (bench/soak,
# which also signs the slash commands, modal submissions, button presses
# and events it sends as Slack would), and for DURATION:
#   - residents fetching forms and /api/activities and signing up for five
#     activities (one with ten places, so the waiting list fills), with the
#     form's idempotency token; some forms posted twice at once, some phone
#     numbers repeated, some sign-ups cancelled through the private link;
#     every confirmation page delivered is recorded with its reference;
#   - partners referring residents from Slack (/tilmeld, the organisation
#     picker, the referral modal, now and then submitted twice), asking
#     for their list and opening the App Home; staff pressing the cards'
#     buttons, declining and enrolling through their modals;
#   - faults: one instance at a time SIGKILLed and started again; the fake
#     Slack answering 500, 429 with Retry-After, ok:false, slowly, or not
#     at all for seconds at a time; with SOAK_OWN_POSTGRES=1 also the
#     database stopped (immediate: crash recovery) and started again.
#     On the shared server the database is not restarted.
# Then it waits (SOAK_DRAIN, default 4m) for the Slack outbox to empty and
# checks, exiting 1 on any violation:
#   - every confirmation delivered is stored exactly once, under its form's
#     token; one form never gets two references; sign-ups stored equal
#     confirmations delivered plus those whose answer a fault swallowed;
#     "already signed up" pages name a stored sign-up; a resident told she
#     has a place still has it unless she cancelled; cancellations stick;
#   - no reference, cancel token or form token stored twice; no activity
#     over capacity; the kept counts (confirmed_count, waitlisted_count,
#     next_seq) equal the real ones; nobody waits while a place is free;
#     promotions in arrival order; one active sign-up per phone number;
#   - no 500 answers; no valid form refused;
#   - every referral number a partner was shown is stored once; enrolled
#     referrals link a sign-up in their activity; each referral has one
#     staff-channel card showing its last queued state;
#   - every slack_outbox row is sent (none pending or failed), and the
#     fake Slack received each sent message exactly once (a duplicate right
#     after a SIGKILL is reported as such: Slack has no idempotency keys);
#   - no resident's name or phone number reached Slack.
# It prints the requests by outcome, the faults, the Slack calls, sign-ups
# by activity and the invariants as a table.
#
# Variables: DURATION (10m), BENCH_DATABASE_URL, SOAK_OWN_POSTGRES (0),
# SOAK_PG_PORT (55499), SOAK_RESIDENTS (12), SOAK_PARTNERS (4),
# SOAK_STAFF (2), SOAK_KILL_EVERY (20s), SOAK_SLACK_FAULT_EVERY (20s),
# SOAK_DRAIN (4m), SOAK_SEED (random), SOAK_KEEP=1 keeps the database and
# logs; SOAK_SELFTEST=1 breaks the results on purpose before the checks
# (a changed reference, a wrong count, a sign-up over capacity, a failed
# and a doubled Slack message), to see the checks fail. Needs psql;
# SOAK_OWN_POSTGRES needs PostgreSQL's server binaries.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

duration=${DURATION:-10m}
own_pg=${SOAK_OWN_POSTGRES:-0}
pg_port=${SOAK_PG_PORT:-55499}
keep=${SOAK_KEEP:-0}
db=tilmeld_soak_$$
work=$(mktemp -d /tmp/tilmeld-soak.XXXXXX)
chmod 755 "$work"
pgdir=""
status=2

as_pg() { if [[ $(id -u) == 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi; }

cleanup() {
  if [[ -n $pgdir ]]; then
    as_pg "$pgbin/pg_ctl" -D "$pgdir" -m immediate -w stop >/dev/null 2>&1 || true
  elif [[ $keep != 1 ]]; then
    psql -q "$server_url" -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" >/dev/null 2>&1 || true
  fi
  if [[ $keep == 1 || $status != 0 ]]; then
    echo "soak: logs kept in $work"
  else
    rm -rf "$work"
  fi
}
trap cleanup EXIT

command -v psql >/dev/null || { echo "soak: psql is missing (apt-get install postgresql-client)" >&2; exit 2; }

if [[ $own_pg == 1 ]]; then
  pgbin=$(dirname "$(ls -d /usr/lib/postgresql/*/bin/initdb 2>/dev/null | sort -V | tail -1)")
  [[ -x $pgbin/initdb ]] || { echo "soak: SOAK_OWN_POSTGRES needs initdb (apt-get install postgresql)" >&2; exit 2; }
  pgdir=$work/pg
  mkdir -p "$pgdir" "$work/sock"
  [[ $(id -u) == 0 ]] && chown postgres "$pgdir" "$work/sock"
  as_pg "$pgbin/initdb" -D "$pgdir" -U postgres --auth=trust -E UTF8 >"$work/initdb.log"
  # The script the soak runs to restart the database: stop at once (no
  # checkpoint, so the start is a crash recovery), or start.
  cat >"$work/pgctl.sh" <<EOF
#!/usr/bin/env bash
set -eu
run() { if [[ \$(id -u) == 0 ]]; then runuser -u postgres -- "\$@"; else "\$@"; fi; }
case \$1 in
  stop) run "$pgbin/pg_ctl" -D "$pgdir" -m immediate -w stop ;;
  start) run "$pgbin/pg_ctl" -D "$pgdir" status >/dev/null 2>&1 ||
    run "$pgbin/pg_ctl" -D "$pgdir" -w -l "$pgdir/server.log" \
      -o "-p $pg_port -c listen_addresses=127.0.0.1 -k $work/sock -c max_connections=120" start ;;
esac
EOF
  chmod +x "$work/pgctl.sh"
  "$work/pgctl.sh" start >/dev/null
  server_url="postgres://postgres@127.0.0.1:$pg_port/postgres?sslmode=disable"
  pgctl_flag=(-pgctl "$work/pgctl.sh")
else
  server_url=${BENCH_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable}
  pgctl_flag=()
fi

db_url=$(python3 -c "import sys,urllib.parse as u; p=u.urlparse(sys.argv[1]); print(u.urlunparse(p._replace(path='/'+sys.argv[2])))" "$server_url" "$db")
psql -q "$server_url" -c "CREATE DATABASE $db" >/dev/null

echo "soak: tree $(git rev-parse --short HEAD 2>/dev/null || echo '?')$(git diff --quiet HEAD 2>/dev/null || echo ' + uncommitted changes'), database $db, work $work"
go build -trimpath -o "$work/tilmeld" ./cmd/tilmeld
go build -o "$work/soak" ./bench/soak

set +e
"$work/soak" -db "$db_url" -bin "$work/tilmeld" -work "$work" -duration "$duration" "${pgctl_flag[@]}" \
  -residents "${SOAK_RESIDENTS:-12}" -partners "${SOAK_PARTNERS:-4}" -staff "${SOAK_STAFF:-2}" \
  -kill-every "${SOAK_KILL_EVERY:-20s}" -slack-fault-every "${SOAK_SLACK_FAULT_EVERY:-20s}" \
  -drain "${SOAK_DRAIN:-4m}" -seed "${SOAK_SEED:-0}" -selftest="$([[ ${SOAK_SELFTEST:-0} == 1 ]] && echo true || echo false)"
status=$?
set -e
exit $status
