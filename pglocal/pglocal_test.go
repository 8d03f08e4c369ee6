package pglocal

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestFindBinariesWithoutPostgreSQLSaysWhatToInstall(t *testing.T) {
	_, err := FindBinariesIn("", nil)
	if !errors.Is(err, ErrNotInstalled) {
		t.Fatalf("err = %v, want ErrNotInstalled", err)
	}
	for _, want := range []string{"apt-get install postgresql", "brew install postgresql", "DATABASE_URL"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not mention %q", err, want)
		}
	}
}

func TestFindBinariesPrefersNewestVersion(t *testing.T) {
	root := t.TempDir()
	for _, version := range []string{"9.6", "16", "15"} {
		fakeBinaries(t, filepath.Join(root, "postgresql", version, "bin"))
	}
	bins, err := FindBinariesIn("", []string{filepath.Join(root, "postgresql", "*", "bin")})
	if err != nil {
		t.Fatal(err)
	}
	if want := filepath.Join(root, "postgresql", "16", "bin", "initdb"); bins.InitDB != want {
		t.Errorf("InitDB = %s, want %s", bins.InitDB, want)
	}
}

func TestFindBinariesTriesPathFirst(t *testing.T) {
	root := t.TempDir()
	onPath, installed := filepath.Join(root, "path"), filepath.Join(root, "lib", "17", "bin")
	fakeBinaries(t, onPath)
	fakeBinaries(t, installed)
	bins, err := FindBinariesIn(onPath, []string{installed})
	if err != nil {
		t.Fatal(err)
	}
	if want := filepath.Join(onPath, "pg_ctl"); bins.PgCtl != want {
		t.Errorf("PgCtl = %s, want %s", bins.PgCtl, want)
	}
}

func TestFindBinariesNeedsBothProgramsInOneFolder(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "initdb"), []byte("#!/bin/sh\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	if _, err := FindBinariesIn(dir, nil); !errors.Is(err, ErrNotInstalled) {
		t.Errorf("err = %v, want ErrNotInstalled for a folder without pg_ctl", err)
	}
}

func TestStartServesQueriesAndReusesTheRunningServer(t *testing.T) {
	ctx := t.Context()
	opts := serverOptions(t)

	first := startServer(t, opts)
	if !first.Started() {
		t.Error("first Start reports it reused a server, want started")
	}
	selectOne(t, first.URL(DefaultDatabase))

	second := startServer(t, opts)
	if second.Started() {
		t.Error("second Start reports it started a server, want reused")
	}
	if second.URL("x") != first.URL("x") {
		t.Errorf("second URL %s differs from first %s", second.URL("x"), first.URL("x"))
	}
	if err := second.Stop(ctx); err != nil {
		t.Fatal(err)
	}
	selectOne(t, first.URL(DefaultDatabase)) // the reuser must not have stopped it

	if err := first.Stop(ctx); err != nil {
		t.Fatal(err)
	}
	if err := Ping(ctx, first.URL("postgres")); err == nil {
		t.Error("server still answers after Stop")
	}
}

func TestStartRestartsAnInitialisedFolder(t *testing.T) {
	ctx := t.Context()
	opts := serverOptions(t)
	if err := startServer(t, opts).Stop(ctx); err != nil {
		t.Fatal(err)
	}
	again := startServer(t, opts)
	if !again.Started() {
		t.Error("Start after Stop reports it reused a server, want started")
	}
	selectOne(t, again.URL(DefaultDatabase))
}

func TestStopDirStopsWhateverRunsThere(t *testing.T) {
	ctx := t.Context()
	opts := serverOptions(t)
	s := startServer(t, opts)
	if err := StopDir(ctx, opts); err != nil {
		t.Fatal(err)
	}
	if err := Ping(ctx, s.URL("postgres")); err == nil {
		t.Error("server still answers after StopDir")
	}
	if err := StopDir(ctx, opts); err != nil {
		t.Errorf("StopDir with nothing running: %v", err)
	}
}

func TestPingAcceptsTheTestServerAndRejectsAClosedPort(t *testing.T) {
	url := os.Getenv("TILMELD_TEST_DATABASE_URL")
	if url == "" {
		if os.Getenv("CI") == "" {
			t.Skip("TILMELD_TEST_DATABASE_URL is unset; scripts/test.sh sets it")
		}
		t.Fatal("TILMELD_TEST_DATABASE_URL is unset under CI")
	}
	if err := Ping(t.Context(), url); err != nil {
		t.Errorf("Ping of the test server: %v", err)
	}
	closed := fmt.Sprintf("postgres://postgres@127.0.0.1:%d/postgres?sslmode=disable", freePort(t))
	if err := Ping(t.Context(), closed); err == nil {
		t.Error("Ping of a closed port succeeded")
	}
}

func TestStartAsRootExplainsAFolderClosedToPostgres(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("only root hands the data folder to the postgres user")
	}
	opts := serverOptions(t)
	closed := filepath.Join(t.TempDir(), "closed")
	if err := os.Mkdir(closed, 0o700); err != nil {
		t.Fatal(err)
	}
	opts.Dir = filepath.Join(closed, "postgres")
	_, err := Start(t.Context(), opts)
	if err == nil || !strings.Contains(err.Error(), "cannot enter "+closed) {
		t.Errorf("err = %v, want it to say postgres cannot enter %s", err, closed)
	}
}

// serverOptions gives each test its own data folder and a free port. It skips
// the test where PostgreSQL is missing, except under CI, which must run it.
func serverOptions(t *testing.T) Options {
	t.Helper()
	bins, err := FindBinaries()
	if err != nil {
		if os.Getenv("CI") == "" {
			t.Skip(err)
		}
		t.Fatal(err)
	}
	return Options{Dir: filepath.Join(openTempDir(t), "postgres"), Port: freePort(t), Bins: bins}
}

// startServer starts a server that is stopped at the end of the test even if
// the test fails first, so none outlives its removed folder.
func startServer(t *testing.T, opts Options) *Server {
	t.Helper()
	s, err := Start(t.Context(), opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := StopDir(context.Background(), opts); err != nil {
			t.Errorf("stop server: %v", err)
		}
	})
	return s
}

// openTempDir is a temporary folder the postgres user can pass through: the
// testing package makes the folder above it private to root.
func openTempDir(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	for _, d := range []string{filepath.Dir(dir), dir} {
		if err := os.Chmod(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func freePort(t *testing.T) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

func selectOne(t *testing.T, url string) {
	t.Helper()
	db, err := sql.Open("postgres", url)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var one int
	if err := db.QueryRowContext(t.Context(), "SELECT 1").Scan(&one); err != nil || one != 1 {
		t.Fatalf("SELECT 1 on %s = %d, %v", url, one, err)
	}
}

func fakeBinaries(t *testing.T, dir string) {
	t.Helper()
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"initdb", "pg_ctl"} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte("#!/bin/sh\n"), 0o755); err != nil {
			t.Fatal(err)
		}
	}
}
