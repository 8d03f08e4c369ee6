package main

import (
	"context"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/beboerprojekt-nordvest/tilmeld/pglocal"
)

// privatePostgres is a PostgreSQL server of the test's own, which it may
// stop and start again on the same data folder and port.
type privatePostgres struct {
	opts pglocal.Options
	url  string
}

// startPrivatePostgres starts the server, to be stopped when the test
// ends. Without PostgreSQL's programs the test is skipped, except under CI,
// which installs them and must run it.
func startPrivatePostgres(t *testing.T) *privatePostgres {
	t.Helper()
	bins, err := pglocal.FindBinaries()
	if err != nil {
		if os.Getenv("CI") == "" {
			t.Skipf("this test stops a PostgreSQL server of its own, and cannot start one: %v", err)
		}
		t.Fatal(err)
	}
	// As root, the server runs as user postgres, who must pass through the
	// folders the testing package makes private.
	dir := t.TempDir()
	for _, d := range []string{filepath.Dir(dir), dir} {
		if err := os.Chmod(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := ln.Addr().(*net.TCPAddr).Port
	ln.Close()
	pg := &privatePostgres{opts: pglocal.Options{Dir: filepath.Join(dir, "postgres"), Port: port, Bins: bins}}
	t.Cleanup(func() {
		if err := pglocal.StopDir(context.Background(), pg.opts); err != nil {
			t.Errorf("stop PostgreSQL: %v", err)
		}
	})
	pg.start(t)
	return pg
}

// start starts the server, the first time or again after stop.
func (pg *privatePostgres) start(t *testing.T) {
	t.Helper()
	srv, err := pglocal.Start(context.Background(), pg.opts)
	if err != nil {
		t.Fatal(err)
	}
	pg.url = srv.URL(pglocal.DefaultDatabase)
}

// stop stops the server the way an operator does, pg_ctl stop -m fast:
// sessions are ended and transactions in flight rolled back.
func (pg *privatePostgres) stop(t *testing.T) {
	t.Helper()
	if err := pglocal.StopDir(context.Background(), pg.opts); err != nil {
		t.Fatal(err)
	}
}

func (pg *privatePostgres) logTail() string {
	b, err := os.ReadFile(filepath.Join(filepath.Dir(pg.opts.Dir), "postgres.log"))
	if err != nil {
		return err.Error()
	}
	lines := strings.Split(strings.TrimSpace(string(b)), "\n")
	return strings.Join(lines[max(0, len(lines)-30):], "\n")
}
