#!/usr/bin/env bash
# govulncheck without reaching vuln.go.dev: CI only reaches the Go module
# proxy, which serves the Go vulnerability database's own repository as the
# module golang.org/x/vulndb. Its OSV files are indexed into a local v1
# database with vulndb's indexdb command, and govulncheck reads that.
#
#   scripts/vulncheck.sh            # scan ./..., exit non-zero on a finding
#
# Versions are pinned so a run is reproducible; raise VULNDB_VERSION to
# see newer advisories.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

VULN_VERSION=${VULN_VERSION:-v1.9.0}
VULNDB_VERSION=${VULNDB_VERSION:-v0.0.0-20261105234957-e22db6528018}
cache=${VULNDB_CACHE:-data/vulndb}/$VULNDB_VERSION

if [[ ! -f $cache/index/db.json ]]; then
  src=$(go mod download -json "golang.org/x/vulndb@$VULNDB_VERSION" | sed -n 's/^\t"Dir": "\(.*\)",$/\1/p')
  [[ -d $src/data/osv ]] || { echo "vulncheck: no OSV data in golang.org/x/vulndb@$VULNDB_VERSION" >&2; exit 1; }
  rm -rf "$cache" && mkdir -p "$cache"
  (cd "$src" && GOFLAGS=-mod=mod go run ./cmd/indexdb -vulns data/osv -out "$OLDPWD/$cache")
fi
go run "golang.org/x/vuln/cmd/govulncheck@$VULN_VERSION" -db "file://$PWD/$cache" ./...
