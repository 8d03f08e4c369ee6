package main

import (
	"context"
	"log/slog"
	"net/http"
	"time"

	"github.com/beboerprojekt-nordvest/tilmeld/queue"
	"github.com/beboerprojekt-nordvest/tilmeld/store"
)

// startSMS runs a queue worker for the SMS channel when SMS is on, and
// returns what stops it. With SMS off nothing is queued for it (and a
// worker would only refuse).
func startSMS(ctx context.Context, cfg config, st *store.Store, log *slog.Logger) func() {
	if !cfg.SMS.Enabled() {
		return func() {}
	}
	sender := cfg.SMS.NewSender(log, &http.Client{Timeout: 20 * time.Second})
	w := queue.New(st, log, queue.Options{}, queue.SMS{Sender: sender, Log: log})
	wctx, cancel := context.WithCancel(context.WithoutCancel(ctx))
	done := make(chan struct{})
	go func() { defer close(done); w.Run(wctx) }()
	log.Info("SMS enabled", "mode", cfg.SMS.Mode, "sender", cfg.SMS.Sender)
	return func() { cancel(); <-done }
}
