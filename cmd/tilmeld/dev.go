package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"time"

	"github.com/beboerprojekt-nordvest/tilmeld/store"
	"github.com/beboerprojekt-nordvest/tilmeld/store/devdata"
)

var errDevUsage = fmt.Errorf("%w\n  tilmeld dev generate [--signups N] [--referrals N] [--attendance N] [--weeks N] [--seed N] [--append]", errUsage)

// devCommand holds tools for developers. "generate" fills the database
// with synthetic activities, sign-ups, referrals and attendance (made-up
// people, sealed like real ones), by default at the scale the weekly
// summary is measured at: a million sign-ups, 200,000 referrals and five
// million attendance rows.
func devCommand(ctx context.Context, cfg config, log *slog.Logger, args []string, stdout io.Writer) error {
	if len(args) == 0 || args[0] != "generate" {
		return errDevUsage
	}
	fs := newFlags("tilmeld dev generate")
	o := devdata.Options{Plan: cfg.Plan}
	fs.IntVar(&o.Signups, "signups", 1_000_000, "sign-ups to make")
	fs.IntVar(&o.Referrals, "referrals", 200_000, "referrals to make")
	fs.IntVar(&o.Attendance, "attendance", 5_000_000, "attendance rows to make")
	fs.IntVar(&o.Weeks, "weeks", 260, "weeks before now the activities start within")
	fs.Uint64Var(&o.Seed, "seed", 1, "seed of the made-up data; the same seed makes the same data")
	appendData := fs.Bool("append", false, "add to a database that has sign-ups already")
	st, closeDB, err := openData(ctx, cfg, log, fs, args[1:], errDevUsage, func() error {
		if o.Signups < 1 || o.Referrals < 0 || o.Attendance < 0 {
			return errDevUsage
		}
		return nil
	})
	if err != nil {
		return err
	}
	defer closeDB()
	if has, err := st.HasSignups(ctx); err != nil || (has && !*appendData) {
		if err == nil {
			err = errors.New("the database has sign-ups already; use --append to add synthetic data to it anyway")
		}
		return err
	}
	began := time.Now()
	last := ""
	o.Progress = func(table string, done, total int) {
		if table != last || done == total || done%500_000 < 50_000 {
			fmt.Fprintf(stdout, "%-18s %9d of %d  (%s)\n", table, done, total, time.Since(began).Round(time.Second))
			last = table
		}
	}
	made, err := devdata.Generate(ctx, st, o)
	if errors.Is(err, store.ErrNoKey) {
		return fmt.Errorf("%w: synthetic people are sealed like real ones, so set TILMELD_DATA_KEY", err)
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "made %d activities, %d sessions, %d sign-ups, %d referrals and %d attendance rows in %s\n",
		made.Activities, made.Sessions, made.Signups, made.Referrals, made.Attendance, time.Since(began).Round(time.Second))
	return nil
}
