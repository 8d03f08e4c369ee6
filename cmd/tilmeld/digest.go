package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"time"

	"github.com/beboerprojekt-nordvest/tilmeld/bot"
	"github.com/beboerprojekt-nordvest/tilmeld/domain"
	"github.com/beboerprojekt-nordvest/tilmeld/locales"
	"github.com/beboerprojekt-nordvest/tilmeld/store"
)

var errDigestUsage = fmt.Errorf("%w\n  tilmeld digest [--week 2026-W48] [--org KEY] [--lang da|en] [--post]", errUsage)

// digestCommand prints a week's summary (last week's unless --week says
// otherwise) as text, the staff view or with --org one organisation's.
// With --post it also posts the week's summaries to Slack, exactly as the
// Monday schedule does: channels that have had this week's summary get
// it changed to today's numbers, never a second post.
func digestCommand(ctx context.Context, cfg config, log *slog.Logger, args []string, stdout io.Writer) error {
	fs := newFlags("tilmeld digest")
	weekArg := fs.String("week", "", "the ISO week, e.g. 2026-W48; default: last week")
	org := fs.String("org", "", "print this organisation's view (its key), as its channel gets it")
	lang := fs.String("lang", domain.DefaultLang, "da or en")
	post := fs.Bool("post", false, "post the week's summaries to Slack too")
	var week domain.Week
	st, closeDB, err := openData(ctx, cfg, log, fs, args, errDigestUsage, func() error {
		if *lang != "da" && *lang != "en" {
			return errDigestUsage
		}
		if _, known := cfg.Plan.OrganisationByKey(*org); *org != "" && !known {
			return fmt.Errorf("%w\n(--org %q is not an organisation key)", errDigestUsage, *org)
		}
		if *post && !cfg.Slack.Enabled() {
			return errors.New("--post needs the Slack app: set SLACK_SIGNING_SECRET, SLACK_BOT_TOKEN and SLACK_STAFF_CHANNEL")
		}
		var err error
		if week, err = domain.ResolveWeek(*weekArg, time.Now(), cfg.Plan.Location); err != nil {
			return fmt.Errorf("%w\n(--week: %v)", errDigestUsage, err)
		}
		return nil
	})
	if err != nil {
		return err
	}
	defer closeDB()
	bundle, err := locales.Bundle()
	if err != nil {
		return err
	}
	s, err := st.WeekSummary(ctx, cfg.Plan, week)
	if err != nil {
		return err
	}
	if err := bot.WriteDigestText(stdout, cfg.Plan, bundle, *lang, s, *org, cfg.BaseURL); err != nil || !*post {
		return err
	}
	return postDigests(ctx, cfg, st, log, week, stdout)
}

// postDigests queues the week's summaries and sends them with a worker of
// its own (alongside any the service runs), waiting up to two minutes.
func postDigests(ctx context.Context, cfg config, st *store.Store, log *slog.Logger, week domain.Week, stdout io.Writer) error {
	bundle, err := locales.Bundle()
	if err != nil {
		return err
	}
	b, err := bot.New(st, cfg.Plan, bundle, log, bot.Config{SigningSecret: cfg.Slack.SigningSecret, BotToken: cfg.Slack.BotToken,
		StaffChannel: cfg.Slack.StaffChannel, APIURL: cfg.Slack.APIURL, BaseURL: cfg.BaseURL,
		PartnerChannels: cfg.Digest.PartnerChannels})
	if err != nil {
		return err
	}
	n, err := b.PostDigests(ctx, week, bot.PostOptions{DueAt: cfg.Digest.At.DueAt(week, cfg.Plan.Location), By: bot.ByCommand, Refresh: true})
	if err != nil {
		return err
	}
	wctx, cancel := context.WithTimeout(ctx, 2*time.Minute)
	done := make(chan struct{})
	go func() { defer close(done); b.NewWorker(bot.WorkerOptions{}).Run(wctx) }()
	defer func() { cancel(); <-done }()
	for {
		counts, err := st.OutboxCounts(wctx)
		if err == nil && counts["pending"] == 0 {
			fmt.Fprintf(stdout, "\n%d Slack message(s) for %s sent (new posts, or updates of earlier ones).\n", n, week)
			return nil
		}
		select {
		case <-wctx.Done():
			return fmt.Errorf("the summaries of %s are queued but not all sent yet; the running service will send them", week)
		case <-time.After(500 * time.Millisecond):
		}
	}
}
