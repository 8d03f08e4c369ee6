package main

import (
	"context"
	"fmt"
	"log/slog"
	"regexp"
	"strings"

	"github.com/beboerprojekt-nordvest/tilmeld/bot"
	"github.com/beboerprojekt-nordvest/tilmeld/domain"
	"github.com/beboerprojekt-nordvest/tilmeld/queue"
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

// scheduleDigests has jobs run the weekly summaries and queues the
// next one (and the latest due, if it never ran), unless the schedule is
// off. The queue's job worker runs them (serve).
func scheduleDigests(ctx context.Context, cfg digestConfig, b *bot.Bot, jobs *queue.Jobs, log *slog.Logger) error {
	if cfg.Off {
		log.Info("weekly summaries are off (TILMELD_DIGEST_AT=off)")
		return nil
	}
	jobs.Register(bot.JobDigest, b.DigestJob(cfg.At))
	if err := b.ScheduleDigests(ctx, cfg.At); err != nil {
		return fmt.Errorf("schedule the weekly summaries: %w", err)
	}
	log.Info("weekly summaries scheduled", "at", cfg.At.String(), "partner_channels", len(cfg.PartnerChannels))
	return nil
}
