// Command pgstart starts or stops a private PostgreSQL server with package
// pglocal, for scripts/test.sh: it must work before cmd/tilmeld compiles.
//
//	pgstart --dir data/test-postgres --port 55433   # start; prints the URL
//	pgstart --dir data/test-postgres --stop         # stop
//	pgstart --probe URL                              # exit 0 if URL accepts a login
//	pgstart --find                                   # print initdb's path, or what to install
//
// Only the URL or path goes to standard output, so a script can capture it.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/beboerprojekt-nordvest/tilmeld/pglocal"
)

// probeTimeout keeps a probe of an absent server from stalling the script.
const probeTimeout = 5 * time.Second

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	if err != nil {
		fmt.Fprintln(os.Stderr, "pgstart:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	flags := flag.NewFlagSet("pgstart", flag.ContinueOnError)
	flags.SetOutput(stderr)
	dir := flags.String("dir", pglocal.DefaultDir, "data folder")
	port := flags.Int("port", pglocal.DefaultPort, "TCP port on 127.0.0.1")
	db := flags.String("db", "postgres", "database named in the printed URL")
	stopServer := flags.Bool("stop", false, "stop the server running in --dir")
	probe := flags.String("probe", "", "only check that this URL accepts a login")
	find := flags.Bool("find", false, "only print where initdb is")
	if err := flags.Parse(args); err != nil {
		return err
	}
	if flags.NArg() > 0 {
		return fmt.Errorf("unexpected arguments %q", flags.Args())
	}
	opts := pglocal.Options{
		Dir:    *dir,
		Port:   *port,
		Logger: slog.New(slog.NewTextHandler(stderr, nil)),
	}
	switch {
	case *find:
		return printBinaries(stdout)
	case *probe != "":
		ctx, cancel := context.WithTimeout(ctx, probeTimeout)
		defer cancel()
		return pglocal.Ping(ctx, *probe)
	case *stopServer:
		return pglocal.StopDir(ctx, opts)
	default:
		return start(ctx, opts, *db, stdout)
	}
}

func printBinaries(stdout io.Writer) error {
	bins, err := pglocal.FindBinaries()
	if err != nil {
		return err
	}
	_, err = fmt.Fprintln(stdout, bins.InitDB)
	return err
}

// start leaves the server running when pgstart exits: stopping it is the
// caller's job, with --stop.
func start(ctx context.Context, opts pglocal.Options, db string, stdout io.Writer) error {
	s, err := pglocal.Start(ctx, opts)
	if err != nil {
		return err
	}
	if _, err := fmt.Fprintln(stdout, s.URL(db)); err != nil {
		return errors.Join(err, s.Stop(ctx))
	}
	return nil
}
