package main

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"time"

	"github.com/beboerprojekt-nordvest/tilmeld/notify"
	"github.com/beboerprojekt-nordvest/tilmeld/queue"
	"github.com/beboerprojekt-nordvest/tilmeld/store"
	"github.com/nicksnyder/go-i18n/v2/i18n"
)

// checkSMSLinks refuses a base URL whose host makes an SMS's short link
// longer than 30 characters, when SMS is on.
func checkSMSLinks(c config) error {
	if !c.SMS.Enabled() {
		return nil
	}
	if n, ok := notify.LinkFits(c.BaseURL); !ok {
		return fmt.Errorf("TILMELD_SMS is on, but TILMELD_BASE_URL's host makes SMS links %d characters (host/m/ and an %d-character code); they must fit 30: use a host of at most %d characters",
			n, store.ShortCodeLen, 30-3-store.ShortCodeLen)
	}
	return nil
}

// startSMS says in the database whether sign-ups queue a confirmation SMS
// and, when SMS is on, runs a queue worker for the SMS channel. It
// returns what stops the worker.
func startSMS(ctx context.Context, cfg config, st *store.Store, bundle *i18n.Bundle, log *slog.Logger) (func(), error) {
	if err := st.SetSMSEnabled(ctx, cfg.SMS.Enabled()); err != nil {
		return nil, err
	}
	if !cfg.SMS.Enabled() {
		return func() {}, nil
	}
	r := notify.Renderer{Store: st, Bundle: bundle, BaseURL: cfg.BaseURL, Plan: cfg.SMS.Sender, Contact: cfg.SMS.Contact,
		TZ: cfg.Plan.Location}
	sender := cfg.SMS.NewSender(log, &http.Client{Timeout: 20 * time.Second})
	w := queue.New(st, log, queue.Options{}, queue.SMS{Sender: sender, Log: log, Render: r.Render})
	wctx, cancel := context.WithCancel(context.WithoutCancel(ctx))
	done := make(chan struct{})
	go func() { defer close(done); w.Run(wctx) }()
	log.Info("SMS enabled", "mode", cfg.SMS.Mode, "sender", cfg.SMS.Sender)
	return func() { cancel(); <-done }, nil
}
