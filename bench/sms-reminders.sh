#!/usr/bin/env bash
# 10,000 reminders due in one minute, handed to the fake GatewayAPI that
# refuses connections beyond its documented 40 (BENCHMARKS.md, issue 12).
# Each row: workers = connections, and the fake's answer time in ms.
#
#   bench/sms-reminders.sh                 # the table in BENCHMARKS.md
#   bench/sms-reminders.sh "24 100" "40 150"
#
# Needs what the tests need: TILMELD_TEST_DATABASE_URL or PostgreSQL on
# 127.0.0.1:5432.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
rows=("$@")
((${#rows[@]})) || rows=("4 100" "16 100" "20 100" "24 100" "40 100" "40 200" "24 0")
bin=$(mktemp -d)/queue.test
trap 'rm -rf "$(dirname "$bin")"' EXIT
go test -c -o "$bin" ./queue
date -u
for row in "${rows[@]}"; do
  read -r w l <<<"$row"
  echo "=== workers=$w latency_ms=$l load=$(cut -d' ' -f1 /proc/loadavg)"
  (cd queue && TILMELD_SMS_BENCH=1 TILMELD_SMS_BENCH_WORKERS=$w TILMELD_SMS_BENCH_LATENCY_MS=$l \
    "$bin" -test.run TestTenThousandRemindersDueAtOnceAtTheGatewaysRate -test.v -test.timeout 20m 2>&1 |
    grep -E 'bench_test|^(--- |ok|FAIL|PASS)' || true)
done
date -u
