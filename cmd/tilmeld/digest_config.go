package main

import (
	"context"
	"fmt"
	"log/slog"
	"regexp"
	"strings"

	"github.com/beboerprojekt-nordvest/tilmeld/bot"
	"github.com/beboerprojekt-nordvest/tilmeld/domain"
)

// digestConfig says when the weekly summaries go to Slack, and which
// partner organisations get theirs in which channel.
type digestConfig struct {
	// At (TILMELD_DIGEST_AT, default "MON 08:00", on the plan's clock) is when
	// last week's summary is posted; Off ("off") posts none on schedule.
	At  domain.DigestTime
	Off bool
	// PartnerChannels (SLACK_PARTNER_CHANNELS="org_key=C0123,org_key=C0456")
	// are the channels, by organisation key, that get that organisation's
	// summary of its referrals.
	PartnerChannels map[string]string
}

var channelID = regexp.MustCompile(`^[CG][A-Z0-9]{6,}$`)

func loadDigestConfig(getenv func(string) string, plan *domain.Plan) (digestConfig, error) {
	c := digestConfig{At: domain.DefaultDigestTime, PartnerChannels: map[string]string{}}
	switch at := strings.TrimSpace(getenv("TILMELD_DIGEST_AT")); strings.ToLower(at) {
	case "":
	case "off":
		c.Off = true
	default:
		t, err := domain.ParseDigestTime(at)
		if err != nil {
			return c, fmt.Errorf(`TILMELD_DIGEST_AT must be a weekday and a time such as "MON 08:00" (on the plan's clock), or "off", not %q`, at)
		}
		c.At = t
	}
	for _, pair := range strings.Split(getenv("SLACK_PARTNER_CHANNELS"), ",") {
		if pair = strings.TrimSpace(pair); pair == "" {
			continue
		}
		org, ch, ok := strings.Cut(pair, "=")
		org, ch = strings.TrimSpace(org), strings.TrimSpace(ch)
		if _, known := plan.OrganisationByKey(org); !ok || !known {
			return c, fmt.Errorf("SLACK_PARTNER_CHANNELS must list organisation_key=channel_id pairs; %q is not a known organisation key (see the plan file)", org)
		}
		if !channelID.MatchString(ch) {
			return c, fmt.Errorf("SLACK_PARTNER_CHANNELS: the channel of %s must be a channel id such as C0123456789, not %q", org, ch)
		}
		if _, twice := c.PartnerChannels[org]; twice {
			return c, fmt.Errorf("SLACK_PARTNER_CHANNELS names %s twice", org)
		}
		c.PartnerChannels[org] = ch
	}
	return c, nil
}

// startDigests runs the weekly-summary scheduler until ctx ends, unless
// the schedule is off; the returned function waits for it to stop.
func startDigests(ctx context.Context, cfg digestConfig, b *bot.Bot, log *slog.Logger) func() {
	if cfg.Off {
		log.Info("weekly summaries are off (TILMELD_DIGEST_AT=off)")
		return func() {}
	}
	done := make(chan struct{})
	go func() { defer close(done); b.NewScheduler(cfg.At).Run(ctx) }()
	log.Info("weekly summaries scheduled", "at", cfg.At.String(), "partner_channels", len(cfg.PartnerChannels))
	return func() { <-done }
}
