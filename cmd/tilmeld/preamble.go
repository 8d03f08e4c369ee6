package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"

	"github.com/beboerprojekt-nordvest/tilmeld/store"
)

// newFlags is a command's flag set; it prints nothing, since a bad
// command line is answered with the command's usage.
func newFlags(name string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	return fs
}

// openData is what every command that works on the data does first: it
// parses args into fs (an unknown flag or anything left over is usage),
// lets check vet the values (nil: nothing to vet), and only then opens
// the database and brings its schema up to date. The caller closes it.
func openData(ctx context.Context, cfg config, log *slog.Logger, fs *flag.FlagSet, args []string, usage error,
	check func() error) (*store.Store, func(), error) {
	if err := fs.Parse(args); err != nil || fs.NArg() > 0 {
		return nil, nil, usage
	}
	if check != nil {
		if err := check(); err != nil {
			return nil, nil, err
		}
	}
	return openMigrated(ctx, cfg, log)
}

// openMigrated opens the database and migrates it to this program's
// schema.
func openMigrated(ctx context.Context, cfg config, log *slog.Logger) (*store.Store, func(), error) {
	st, closeDB, err := openDatabase(ctx, cfg, log)
	if err != nil {
		return nil, nil, err
	}
	if err := st.Migrate(ctx); err != nil {
		closeDB()
		return nil, nil, fmt.Errorf("migrate: %w", err)
	}
	return st, closeDB, nil
}
