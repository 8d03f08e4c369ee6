package main

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"sync"
	"time"

	"github.com/beboerprojekt-nordvest/tilmeld/bot"
	"github.com/beboerprojekt-nordvest/tilmeld/metrics"
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

// withSMS says in the database whether sign-ups queue SMS and, when SMS
// is on, runs cfg.SMS.Connections queue workers for the SMS channel (each
// has one message in flight, waiting for the gateway's answer, on its own
// connection: one alone would take minutes over 10,000 reminders due at
// once; they share the channel, and with it its holding back after a
// 429; BENCHMARKS.md), gives jobs the
// reminder scan to run, and serves the gateway's webhooks at /sms/ in
// front of next. Lapsed waiting-list offers are passed on (a job too)
// whether SMS is on or not: one made while it was on still holds a
// place. It returns what stops the workers.
func withSMS(ctx context.Context, cfg config, st *store.Store, bundle *i18n.Bundle, log *slog.Logger, next http.Handler, jobs *queue.Jobs) (http.Handler, func(), error) {
	if err := st.SetSMSEnabled(ctx, cfg.SMS.Enabled()); err != nil {
		return nil, nil, err
	}
	offers := notify.Offers{Store: st, Log: log}
	jobs.Register(notify.JobOffers, offers.Job)
	if err := offers.Schedule(ctx, st); err != nil {
		return nil, nil, err
	}
	if !cfg.SMS.Enabled() {
		return next, func() {}, nil
	}
	r := notify.Renderer{Store: st, Bundle: bundle, BaseURL: cfg.BaseURL, Plan: cfg.SMS.Sender, Contact: cfg.SMS.Contact,
		TZ: cfg.Plan.Location}
	sender := cfg.SMS.NewSender(log, nil) // at most cfg.SMS.Connections connections
	ch := &queue.SMS{Sender: sender, Log: log, Render: r.Render}
	rem := notify.Reminders{Store: st, TZ: cfg.Plan.Location, Log: log}
	jobs.Register(notify.JobReminders, rem.Job)
	if err := rem.Schedule(ctx, st); err != nil {
		return nil, nil, err
	}
	wctx, cancel := context.WithCancel(context.WithoutCancel(ctx))
	var wg sync.WaitGroup
	for range cfg.SMS.Connections {
		w := queue.New(st, log, queue.Options{}, ch)
		wg.Add(1)
		go func() { defer wg.Done(); w.Run(wctx) }()
	}
	mux := http.NewServeMux()
	mux.Handle("/", next)
	if cfg.SMS.WebhookSecret != "" {
		wh := notify.Webhooks{Store: st, Renderer: r, Secret: cfg.SMS.WebhookSecret, Log: log}
		if cfg.Slack.Enabled() { // replies for staff are announced in the staff channel
			wh.StaffNotice = bot.SMSReplyNotice(bundle, cfg.Slack.StaffChannel, cfg.BaseURL)
		}
		mux.Handle("/sms/", wh)
	}
	log.Info("SMS enabled", "mode", cfg.SMS.Mode, "sender", cfg.SMS.Sender, "connections", cfg.SMS.Connections)
	return mux, func() { cancel(); wg.Wait() }, nil
}

// sendLink is what the web sends a signed-up number its link with; nil
// while SMS is off (the page then shows the reference, as before).
func sendLink(cfg config, st *store.Store) func(context.Context, string, time.Time) (bool, error) {
	if !cfg.SMS.Enabled() {
		return nil
	}
	return st.QueueLinkSMS
}

// smsCounts gives /metrics the SMS counts by kind and state.
func smsCounts(st *store.Store) metrics.SMSCounts {
	return func(ctx context.Context) ([]metrics.KindState, error) {
		rows, err := st.SMSCounts(ctx)
		out := make([]metrics.KindState, len(rows))
		for i, r := range rows {
			out[i] = metrics.KindState{Kind: r.Kind, State: r.State, N: r.N}
		}
		return out, err
	}
}
