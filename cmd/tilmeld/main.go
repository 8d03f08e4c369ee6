// Command tilmeld runs the Tilmeld service and its maintenance tasks.
//
//	tilmeld serve              run the web service (and its own Postgres if DATABASE_URL is unset)
//	tilmeld migrate            apply database migrations and exit
//	tilmeld db start|stop      start or stop the local Postgres under ./data
//	tilmeld staff add|link     add a staff account, or make a new password link for one
//	tilmeld keys new|rotate    make a data key, or re-encrypt personal data with a new one
//	tilmeld digest --week W    print a week's summary (--post: post it to Slack)
//	tilmeld dev generate       fill a database with synthetic data, for measuring
//	tilmeld plan check [path]  check a plan file (default TILMELD_PLAN, else the embedded plan)
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
	_ "time/tzdata" // the plan's time zone must load in a distroless image too
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Getenv, os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "tilmeld:", err)
		if errors.Is(err, errUsage) {
			os.Exit(2)
		}
		os.Exit(1)
	}
}

var errUsage = errors.New("usage: tilmeld serve | migrate | db start | db stop | staff add | staff link | digest | dev generate | plan check | keys new | keys rotate")

// run parses the sub-command and runs it; everything it needs is passed in.
func run(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		return errUsage
	}
	if args[0] == "plan" { // checks a plan file, however broken
		return planCommand(getenv("TILMELD_PLAN"), args[1:], stdout)
	}
	cfg, err := loadConfig(getenv)
	if err != nil {
		return err
	}
	log := newLogger(stderr, cfg.LogLevel)
	switch args[0] {
	case "serve":
		return serve(ctx, cfg, log)
	case "migrate":
		return migrate(ctx, cfg, log)
	case "staff":
		return staffCommand(ctx, cfg, log, args[1:], stdout)
	case "db":
		return dbCommand(ctx, cfg, log, args[1:], stdout)
	case "keys":
		return keysCommand(ctx, cfg, log, args[1:], stdout)
	case "digest":
		return digestCommand(ctx, cfg, log, args[1:], stdout)
	case "dev":
		return devCommand(ctx, cfg, log, args[1:], stdout)
	case "help", "-h", "--help":
		fmt.Fprintln(stdout, errUsage.Error())
		return nil
	}
	return fmt.Errorf("%w (unknown command %q)", errUsage, args[0])
}
