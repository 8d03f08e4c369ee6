package main

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"regexp"
	"strings"

	"github.com/beboerprojekt-nordvest/tilmeld/bot"
	"github.com/beboerprojekt-nordvest/tilmeld/queue"
	"github.com/beboerprojekt-nordvest/tilmeld/store"
	"github.com/beboerprojekt-nordvest/tilmeld/web/staff"
	"github.com/nicksnyder/go-i18n/v2/i18n"
)

// slackConfig is the Slack app's settings. With none of the three
// required variables set there is no Slack app, and /slack/ answers 404.
type slackConfig struct {
	SigningSecret string // SLACK_SIGNING_SECRET
	BotToken      string // SLACK_BOT_TOKEN
	StaffChannel  string // SLACK_STAFF_CHANNEL
	APIURL        string // SLACK_API_URL
}

// DefaultSlackAPIURL is Slack's Web API.
const DefaultSlackAPIURL = "https://slack.com/api"

func loadSlackConfig(getenv func(string) string) (slackConfig, error) {
	c := slackConfig{
		SigningSecret: strings.TrimSpace(getenv("SLACK_SIGNING_SECRET")),
		BotToken:      strings.TrimSpace(getenv("SLACK_BOT_TOKEN")),
		StaffChannel:  strings.TrimSpace(getenv("SLACK_STAFF_CHANNEL")),
		APIURL:        strings.TrimRight(withDefault(getenv("SLACK_API_URL"), DefaultSlackAPIURL), "/"),
	}
	var missing []string
	for _, v := range [][2]string{{"SLACK_SIGNING_SECRET", c.SigningSecret}, {"SLACK_BOT_TOKEN", c.BotToken}, {"SLACK_STAFF_CHANNEL", c.StaffChannel}} {
		if v[1] == "" {
			missing = append(missing, v[0])
		}
	}
	if len(missing) == 3 {
		return slackConfig{}, nil
	}
	if len(missing) > 0 {
		verb := "is"
		if len(missing) > 1 {
			verb = "are"
		}
		return c, fmt.Errorf("the Slack app needs SLACK_SIGNING_SECRET, SLACK_BOT_TOKEN and SLACK_STAFF_CHANNEL together; %s %s not set", strings.Join(missing, " and "), verb)
	}
	// Secrets are named, never printed.
	if !strings.HasPrefix(c.BotToken, "xoxb-") {
		return c, fmt.Errorf("SLACK_BOT_TOKEN must be the app's bot token, starting with xoxb-")
	}
	// The app posts by channel id, not #name.
	if !regexp.MustCompile(`^[CG][A-Z0-9]{6,}$`).MatchString(c.StaffChannel) {
		return c, fmt.Errorf("SLACK_STAFF_CHANNEL must be a channel id such as C0123456789 (in Slack: channel details, at the bottom), not %q", c.StaffChannel)
	}
	if u, err := url.Parse(c.APIURL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return c, fmt.Errorf("SLACK_API_URL must be an http or https address such as %s, not %q", DefaultSlackAPIURL, c.APIURL)
	}
	return c, nil
}

// Enabled reports whether the Slack app is configured.
func (c slackConfig) Enabled() bool { return c.SigningSecret != "" }

// withSlack puts the Slack app in front of the web handler: /slack/ goes
// to the app when it is configured and answers 404 otherwise; everything
// else goes to the web. It starts the outbox worker, and gives jobs the
// weekly summaries to run; stop ends the worker.
func withSlack(ctx context.Context, cfg config, st *store.Store, bundle *i18n.Bundle, log *slog.Logger, web http.Handler, jobs *queue.Jobs) (http.Handler, func(), error) {
	mux := http.NewServeMux()
	mux.Handle("/", web)
	if !cfg.Slack.Enabled() {
		mux.Handle("/slack/", http.NotFoundHandler())
		return mux, func() {}, nil
	}
	b, err := bot.New(st, cfg.Plan, bundle, log, bot.Config{SigningSecret: cfg.Slack.SigningSecret, BotToken: cfg.Slack.BotToken,
		StaffChannel: cfg.Slack.StaffChannel, APIURL: cfg.Slack.APIURL, BaseURL: cfg.BaseURL,
		PartnerChannels: cfg.Digest.PartnerChannels})
	if err != nil {
		return nil, nil, err
	}
	mux.Handle("/slack/", b)
	// Status changes staff make on the web update the channel card and
	// tell the referrer, as the Slack buttons do.
	if s, ok := web.(interface {
		SetReferralChanger(staff.ReferralChanger)
	}); ok {
		s.SetReferralChanger(b.ChangeStatus)
	}
	if err := scheduleDigests(ctx, cfg.Digest, b, jobs, log); err != nil {
		return nil, nil, err
	}
	b.Warm(ctx)
	wctx, cancel := context.WithCancel(context.WithoutCancel(ctx))
	done := make(chan struct{})
	go func() { defer close(done); b.NewWorker(bot.WorkerOptions{}).Run(wctx) }()
	log.Info("Slack app enabled", "staff_channel", cfg.Slack.StaffChannel, "api_url", cfg.Slack.APIURL)
	return mux, func() { b.Wait(); cancel(); <-done }, nil
}
