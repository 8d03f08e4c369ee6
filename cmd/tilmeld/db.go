package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"path/filepath"

	"github.com/beboerprojekt-nordvest/tilmeld/pglocal"
)

// dbCommand starts or stops the local Postgres kept under the data folder,
// for developers who want it running between runs of the service.
func dbCommand(ctx context.Context, cfg config, log *slog.Logger, args []string, stdout io.Writer) error {
	opts := pglocal.Options{Dir: filepath.Join(cfg.DataDir, "postgres"), Port: cfg.PGPort, Logger: log}
	if len(args) != 1 {
		return errUsage
	}
	switch args[0] {
	case "start":
		srv, err := pglocal.Start(ctx, opts)
		if err != nil {
			return err
		}
		fmt.Fprintln(stdout, srv.URL(pglocal.DefaultDatabase))
		return nil
	case "stop":
		return pglocal.StopDir(ctx, opts)
	}
	return errUsage
}
