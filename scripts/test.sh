#!/usr/bin/env bash
# The project's one test command. On a fresh Debian machine, run as root, it
# installs what the tests need; a developer who is not root gets told what to
# install instead. Then it finds or starts PostgreSQL and runs gofmt, go vet
# and go test -race.
#
#   scripts/test.sh                              # everything
#   scripts/test.sh -run TestSignup ./store/...  # arguments go to go test
#
# Package patterns among the arguments must start with "./"; without any, the
# checks cover ./... .
#
# Environment:
#   TILMELD_TEST_DATABASE_URL  PostgreSQL server for the tests, which create
#                              their own databases on it; if unset, the probe
#                              URL is tried, then a private server is started
#   TILMELD_TEST_PG_PROBE_URL  server tried first (default: local port 5432,
#                              user postgres, trust auth)
#   TILMELD_TEST_PG_DIR        data folder of the private server
#                              (default: data/test-postgres)
#   TILMELD_TEST_PG_PORT       its port (default: 55433)
#   CHROME_PATH                browser for the browser tests (default: found)
#   CI                         when "true", also builds the release binary the
#                              way the Dockerfile does
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
# Go 1.26.8, the machines' own, has standard-library vulnerabilities that
# govulncheck reports; go1.27.3 is the newer toolchain the module proxy
# serves here, fetched by the go command itself on first use.
export GOTOOLCHAIN=${TILMELD_GOTOOLCHAIN:-go1.27.3}

step="start"
scratch=$(mktemp -d "${TMPDIR:-/tmp}/tilmeld-test.XXXXXX")
pgstart="$scratch/pgstart" # helper built from ./pglocal/cmd/pgstart
pg_started_dir=""          # data folder of a server this run started
apt_updated=""

begin() {
  step=$1
  printf '\n==> %s\n' "$1" >&2
}

fail() {
  printf 'error: %s\n' "$*" >&2
  exit 1
}

have() { command -v "$1" >/dev/null 2>&1; }

is_root() { [[ $(id -u) -eq 0 ]]; }

finish() {
  local status=$?
  if [[ -n $pg_started_dir ]]; then
    "$pgstart" --dir "$pg_started_dir" --stop ||
      printf 'warning: could not stop the test PostgreSQL in %s\n' "$pg_started_dir" >&2
  fi
  rm -rf "$scratch"
  if ((status != 0)); then
    printf '\nFAILED at step: %s\n' "$step" >&2
  else
    printf '\nAll checks passed.\n' >&2
  fi
  exit "$status"
}
trap finish EXIT
trap 'exit 130' INT # so that finish stops our server on Ctrl-C too
trap 'exit 143' TERM

apt_install() {
  export DEBIAN_FRONTEND=noninteractive
  # Another apt run on the machine (an unattended upgrade, a second
  # checkout's tests) holds dpkg's lock for a while: wait for it rather
  # than fail the whole run.
  local wait=(-o DPkg::Lock::Timeout=900)
  if [[ -z $apt_updated ]]; then
    apt-get "${wait[@]}" update -qq
    apt_updated=1
  fi
  apt-get "${wait[@]}" install -y -qq --no-install-recommends "$@"
}

# install_or_fail PACKAGES... -- MESSAGE: installs as root, else fails with MESSAGE.
install_or_fail() {
  local pkgs=()
  while [[ $1 != -- ]]; do
    pkgs+=("$1")
    shift
  done
  shift
  is_root || fail "$*"
  apt_install "${pkgs[@]}"
}

ensure_go() {
  if ! have go && [[ -x /usr/local/go/bin/go ]]; then
    PATH=/usr/local/go/bin:$PATH
  fi
  have go || fail "Go is not installed: install the version go.mod names (https://go.dev/dl/)"
  go version >&2
  # go test -race needs cgo, hence a C compiler.
  if ! have gcc && ! have cc; then
    install_or_fail gcc libc6-dev -- \
      "go test -race needs a C compiler: install it with 'sudo apt-get install gcc' (Debian/Ubuntu) or 'xcode-select --install' (macOS)"
  fi
  go build -o "$pgstart" ./pglocal/cmd/pgstart
}

check_gofmt() {
  local files unformatted
  # Skips what ./... skips (hidden, _ and testdata folders) and the data folders.
  mapfile -t files < <(find . -mindepth 1 \
    \( -name '.*' -o -name '_*' -o -name testdata -o -name node_modules -o -path ./data -o -path ./artifacts \) -prune \
    -o -type f -name '*.go' -print)
  ((${#files[@]} > 0)) || return 0
  unformatted=$(gofmt -l "${files[@]}")
  if [[ -n $unformatted ]]; then
    printf '%s\n' "$unformatted" >&2
    fail "these files need gofmt -w"
  fi
}

# build_release runs the Dockerfile's build stage, since CI has no Docker
# engine: keep the two in step.
build_release() {
  local bin=$scratch/tilmeld-build/tilmeld info ldd_out
  CGO_ENABLED=0 go build -trimpath -ldflags='-s -w' -o "$bin" ./cmd/tilmeld
  info=$(go version -m "$bin")
  grep -q 'CGO_ENABLED=0' <<<"$info" || fail "$bin was not built with CGO_ENABLED=0"
  if have ldd; then
    ldd_out=$(ldd "$bin" 2>&1 || true)
    grep -q 'not a dynamic executable' <<<"$ldd_out" ||
      fail "$bin is dynamically linked, so it cannot run in distroless/static: $ldd_out"
  fi
  printf 'static binary OK: %s\n' "$(du -h "$bin" | cut -f1)" >&2
}

ensure_chromium() {
  local candidate
  if [[ -n ${CHROME_PATH:-} ]]; then
    [[ -x $CHROME_PATH ]] || fail "CHROME_PATH=$CHROME_PATH is not an executable file"
    return
  fi
  for candidate in chromium chromium-browser google-chrome; do
    if have "$candidate"; then
      CHROME_PATH=$(command -v "$candidate")
      export CHROME_PATH
      return
    fi
  done
  candidate="/Applications/Google Chrome.app/Contents/MacOS/Google Chrome"
  if [[ -x $candidate ]]; then
    export CHROME_PATH=$candidate
    return
  fi
  # fonts-noto-core draws Arabic, Urdu and Farsi in the screenshots.
  install_or_fail chromium fonts-liberation fonts-noto-core -- \
    "the browser tests need Chromium: install it with 'sudo apt-get install chromium' (Debian/Ubuntu) or 'brew install --cask chromium' (macOS), or set CHROME_PATH"
  export CHROME_PATH=/usr/bin/chromium
}

# ensure_postgres_programs installs PostgreSQL as root even when a server is
# reachable, because pglocal's own tests must run under CI.
ensure_postgres_programs() {
  if "$pgstart" --find >&2; then
    return
  fi
  if is_root; then
    apt_install postgresql
    "$pgstart" --find >&2
  else
    printf 'warning: tests that start their own PostgreSQL will skip or fail\n' >&2
  fi
}

install_npm_packages() {
  [[ -f package.json ]] || return 0
  if ! have npm; then
    install_or_fail nodejs npm -- \
      "package.json needs npm: install it with 'sudo apt-get install npm' (Debian/Ubuntu) or 'brew install node' (macOS)"
  fi
  if [[ -f package-lock.json ]]; then
    npm ci --no-audit --no-fund
  else
    npm install --no-audit --no-fund
  fi
}

# ensure_test_database exports TILMELD_TEST_DATABASE_URL, starting a private
# server when neither it nor the probe URL gives one.
ensure_test_database() {
  if [[ -n ${TILMELD_TEST_DATABASE_URL:-} ]]; then
    printf 'using TILMELD_TEST_DATABASE_URL\n' >&2
    return
  fi
  local probe=${TILMELD_TEST_PG_PROBE_URL:-postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable}
  if "$pgstart" --probe "$probe"; then
    printf 'using the PostgreSQL server that answers the probe\n' >&2
    export TILMELD_TEST_DATABASE_URL=$probe
    return
  fi
  printf 'no usable PostgreSQL at the probe URL; starting a private one\n' >&2
  start_private_postgres
}

start_private_postgres() {
  local dir=${TILMELD_TEST_PG_DIR:-$PWD/data/test-postgres} port=${TILMELD_TEST_PG_PORT:-55433}
  if [[ -z ${TILMELD_TEST_PG_DIR:-} ]] && is_root && have runuser &&
    ! runuser -u postgres -- test -x "$PWD" 2>/dev/null; then
    # The server runs as user postgres, who cannot enter this checkout (one
    # under /root, say); a throwaway folder serves the tests as well.
    chmod 755 "$scratch"
    dir=$scratch/postgres
  fi
  if [[ ! -f $dir/postmaster.pid ]]; then
    pg_started_dir=$dir # ours to stop; a server someone else runs there stays up
  fi
  TILMELD_TEST_DATABASE_URL=$("$pgstart" --dir "$dir" --port "$port")
  export TILMELD_TEST_DATABASE_URL
}

main() {
  local test_args=("$@") pkgs=() arg
  for arg in "$@"; do
    if [[ $arg == . || $arg == ./* ]]; then
      pkgs+=("$arg")
    fi
  done
  local full=""
  if ((${#pkgs[@]} == 0)); then
    pkgs=(./...)
    test_args+=(./...)
    full=1
  fi

  begin "Go toolchain"
  ensure_go
  begin "gofmt"
  check_gofmt
  begin "go vet"
  go vet "${pkgs[@]}"
  if [[ ${CI:-} == true ]] && compgen -G "cmd/tilmeld/*.go" >/dev/null; then
    begin "release build (the Dockerfile's build stage)"
    build_release
  fi
  begin "Chromium"
  ensure_chromium
  printf 'CHROME_PATH=%s\n' "$CHROME_PATH" >&2
  begin "PostgreSQL programs"
  ensure_postgres_programs
  begin "npm packages"
  install_npm_packages
  begin "PostgreSQL for the tests"
  ensure_test_database
  begin "go test"
  go test -race -count=1 -timeout 30m "${test_args[@]}"
  if [[ -n $full ]]; then
    begin "fuzzing (${FUZZTIME:-15s} per target)"
    run_fuzzers
    begin "govulncheck"
    bash scripts/vulncheck.sh
  fi
}

# run_fuzzers gives every Fuzz target a bounded time; what they find is
# saved under testdata/fuzz and replayed by every later go test.
run_fuzzers() {
  local file pkg target
  for file in $(git ls-files '*_test.go' 2>/dev/null || find . -name '*_test.go'); do
    pkg=./$(dirname "$file")
    for target in $(sed -n 's/^func \(Fuzz[A-Za-z0-9_]*\)(f \*testing\.F).*/\1/p' "$file"); do
      printf '%s %s\n' "$pkg" "$target" >&2
      go test -run='^$' -fuzz="^${target}\$" -fuzztime="${FUZZTIME:-15s}" -parallel 1 "$pkg"
    done
  done
}

main "$@"
