package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"path/filepath"
	"time"

	"github.com/beboerprojekt-nordvest/tilmeld/domain"
	"github.com/beboerprojekt-nordvest/tilmeld/locales"
	"github.com/beboerprojekt-nordvest/tilmeld/metrics"
	"github.com/beboerprojekt-nordvest/tilmeld/pglocal"
	"github.com/beboerprojekt-nordvest/tilmeld/queue"
	"github.com/beboerprojekt-nordvest/tilmeld/store"
	"github.com/beboerprojekt-nordvest/tilmeld/web"
)

// openDatabase connects to DATABASE_URL or, when it is unset, to a local
// Postgres it starts under the data folder, with the data keys that seal
// personal fields (dataKeys; none when DATABASE_URL is set without
// TILMELD_DATA_KEY). The returned stop function stops that server again
// (if this process started it).
func openDatabase(ctx context.Context, cfg config, log *slog.Logger) (*store.Store, func(), error) {
	keys, err := dataKeys(cfg, log)
	if err != nil {
		return nil, nil, err
	}
	var opts []store.Option
	if keys != nil {
		opts = append(opts, store.WithKeys(keys))
	}
	if cfg.SMS.Enabled() { // an SMS worker holds its message's transaction, and looks her sign-up up beside it
		opts = append(opts, store.WithExtraConns(2*cfg.SMS.Connections))
	}
	url, stopPG := cfg.DatabaseURL, func() {}
	if url == "" {
		srv, err := pglocal.Start(ctx, pglocal.Options{Dir: filepath.Join(cfg.DataDir, "postgres"), Port: cfg.PGPort, Logger: log})
		if err != nil {
			return nil, nil, fmt.Errorf("DATABASE_URL is not set, and the local PostgreSQL could not start: %w", err)
		}
		log.Info("using local PostgreSQL", "dir", filepath.Join(cfg.DataDir, "postgres"), "port", cfg.PGPort)
		url = srv.URL(pglocal.DefaultDatabase)
		stopPG = func() {
			ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
			defer cancel()
			if err := srv.Stop(ctx); err != nil {
				log.Error("stop local PostgreSQL", "err", err)
			}
		}
	}
	st, err := store.Open(ctx, url, opts...)
	if err != nil {
		stopPG()
		return nil, nil, err
	}
	return st, func() { st.Close(); stopPG() }, nil
}

func migrate(ctx context.Context, cfg config, log *slog.Logger) error {
	_, closeDB, err := openMigrated(ctx, cfg, log)
	if err != nil {
		return err
	}
	closeDB()
	return nil
}

// serve runs the web service until ctx ends, then drains requests in flight.
func serve(ctx context.Context, cfg config, log *slog.Logger) error {
	if cfg.Privacy.DataKey == "" && cfg.DatabaseURL != "" {
		return errNoDataKey
	}
	st, closeDB, err := openMigrated(ctx, cfg, log)
	if err != nil {
		return err
	}
	defer closeDB()
	// Sign-ups whose cancel link the current key cannot derive (stored
	// before migration 010, or under a retired key) get one it can, their
	// old links kept: else her short link and SMS reply could not reach her.
	if n, err := st.RehashCancelTokens(ctx, 500); err != nil {
		return err
	} else if n > 0 {
		log.Info("cancel links derived under the current key", "signups", n)
	}
	if err := seedCatalogue(ctx, st, log, cfg.Plan.Activities); err != nil {
		return err
	}
	bundle, err := locales.Bundle()
	if err != nil {
		return err
	}
	if err := recordConsentTexts(ctx, st, bundle, cfg.Plan.Name); err != nil {
		return err
	}
	stopRetention := startRetention(ctx, st, log, cfg.Privacy.RetentionDays)
	defer stopRetention() // before the database closes
	m := metrics.New()
	m.WatchSlackQueue(st.OutboxBacklog)
	m.WatchSMS(smsCounts(st))
	h, err := web.New(st, cfg.Plan, bundle, log, web.Config{BaseURL: cfg.BaseURL, TrustedProxies: cfg.TrustedProxies, Metrics: m, PublicDir: cfg.PublicDir,
		ActivityCache:    web.DefaultActivityCache,
		SignupsPerMinute: cfg.SignupsPerMinute, LoginsPerMinute: cfg.LoginsPerMinute, FormMinAge: cfg.FormMinAge,
		SMS:      cfg.SMS.Enabled(),
		SendLink: sendLink(cfg, st),
		Privacy:  web.Privacy{Controller: cfg.Privacy.Controller, Contact: cfg.Privacy.Contact, RetentionDays: cfg.Privacy.RetentionDays}})
	if err != nil {
		return err
	}
	jobs := &queue.Jobs{Log: log}
	root, stopSlack, err := withSlack(ctx, cfg, st, bundle, log, h, jobs)
	if err != nil {
		return err
	}
	defer stopSlack() // after the server has drained, before the database closes
	root, stopSMS, err := withSMS(ctx, cfg, st, bundle, log, root, jobs)
	if err != nil {
		return err
	}
	defer stopSMS()
	stopJobs := runJobs(ctx, st, log, jobs)
	defer stopJobs() // before the Slack and SMS parts it runs the code of
	srv := &http.Server{Addr: cfg.Addr, Handler: root, ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout: 30 * time.Second, WriteTimeout: 30 * time.Second, IdleTimeout: 120 * time.Second}
	errc := make(chan error, 1)
	go func() { errc <- srv.ListenAndServe() }()
	log.Info("listening", "addr", cfg.Addr, "base_url", cfg.BaseURL)
	select {
	case err := <-errc:
		return fmt.Errorf("listen on %s: %w", cfg.Addr, err)
	case <-ctx.Done():
	}
	log.Info("shutting down: draining requests in flight")
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdownCtx); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("shutdown: %w", err)
	}
	return nil
}

// seedCatalogue loads the plan's activity catalogue into an empty database.
func seedCatalogue(ctx context.Context, st *store.Store, log *slog.Logger, acts []domain.Activity) error {
	n, err := st.SeedActivities(ctx, acts)
	if err != nil {
		return fmt.Errorf("seed catalogue: %w", err)
	}
	if n > 0 {
		log.Info("seeded the activity catalogue", "activities", n)
	}
	return nil
}

// jobPoll is how often the job worker looks for due jobs: summaries and
// reminder scans are minute-scale work.
const jobPoll = 5 * time.Second

// runJobs runs the queue's worker for scheduled work (store.ChannelJob)
// until ctx ends, if any kind of job was registered; the returned
// function waits for it to stop.
func runJobs(ctx context.Context, st *store.Store, log *slog.Logger, jobs *queue.Jobs) func() {
	if jobs.Kinds() == 0 {
		return func() {}
	}
	w := queue.New(st, log, queue.Options{Poll: jobPoll}, jobs)
	wctx, cancel := context.WithCancel(context.WithoutCancel(ctx))
	done := make(chan struct{})
	go func() { defer close(done); w.Run(wctx) }()
	return func() { cancel(); <-done }
}
