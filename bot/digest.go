package bot

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/beboerprojekt-nordvest/tilmeld/domain"
	"github.com/beboerprojekt-nordvest/tilmeld/store"
)

// Who asks for summaries to be posted.
const (
	ByScheduler = "scheduler"
	ByCommand   = "command"
)

// digestTarget is a channel that gets a weekly summary, and whose.
type digestTarget struct {
	Channel  string
	Audience string // store.AudienceStaff or store.AudienceOrg + Org
	Org      string // for a partner's channel
}

// digestTargets are the staff channel and every configured partner
// channel, in a fixed order.
func (b *Bot) digestTargets() []digestTarget {
	out := []digestTarget{{Channel: b.cfg.StaffChannel, Audience: store.AudienceStaff}}
	orgs := make([]string, 0, len(b.cfg.PartnerChannels))
	for org := range b.cfg.PartnerChannels {
		orgs = append(orgs, org)
	}
	slices.Sort(orgs)
	for _, org := range orgs {
		out = append(out, digestTarget{Channel: b.cfg.PartnerChannels[org], Audience: store.AudienceOrg + org, Org: org})
	}
	return out
}

// PostOptions say how a week's summaries are being posted.
type PostOptions struct {
	DueAt time.Time // when they were due; later than domain.LateAfter, they say they are late
	By    string    // ByScheduler or ByCommand
	// Refresh changes the messages of channels that have had the week's
	// summary already to today's numbers, instead of leaving them be.
	Refresh bool
}

// PostDigests queues week w's summary for every channel that has not had
// it, each claimed once in the database, so that however many instances
// run this, and however often, each channel gets one post per week. It
// returns how many it queued (and refreshed); the worker sends them.
func (b *Bot) PostDigests(ctx context.Context, w domain.Week, o PostOptions) (int, error) {
	posts, err := b.store.DigestPosts(ctx, w)
	if err != nil {
		return 0, err
	}
	claimed := map[string]store.DigestPost{}
	for _, p := range posts {
		claimed[p.Channel+" "+p.Audience] = p
	}
	var sum *domain.Summary // built once, and only if something is to be sent
	summary := func() (domain.Summary, error) {
		if sum == nil {
			s, err := b.store.WeekSummary(ctx, b.plan, w)
			if err != nil {
				return s, err
			}
			sum = &s
		}
		return *sum, nil
	}
	queued := 0
	for _, tg := range b.digestTargets() {
		p, done := claimed[tg.Channel+" "+tg.Audience]
		if done && !o.Refresh {
			continue
		}
		s, err := summary()
		if err != nil {
			return queued, err
		}
		if done {
			err = b.refreshDigest(ctx, p, tg, s)
		} else {
			done, err = b.claimDigest(ctx, w, tg, s, o)
		}
		if err != nil {
			return queued, err
		}
		if done {
			queued++
		}
	}
	if queued > 0 {
		b.kickWorker()
	}
	return queued, nil
}

// claimDigest claims one channel's summary and queues its post.
func (b *Bot) claimDigest(ctx context.Context, w domain.Week, tg digestTarget, s domain.Summary, o PostOptions) (bool, error) {
	now := b.now()
	c := store.DigestClaim{Week: w, Channel: tg.Channel, Audience: tg.Audience, DueAt: o.DueAt, At: now, By: o.By,
		Late: o.By == ByScheduler && domain.Late(now, o.DueAt)}
	return b.store.ClaimDigest(ctx, c, func(id int64) ([]store.OutboxMessage, error) {
		m := b.digestMessage(tg, s, digestMeta{Late: c.Late, DueAt: c.DueAt.In(b.tz), URL: b.summaryURL(w)})
		return []store.OutboxMessage{digestPost(id, tg.Channel, m)}, nil
	})
}

// refreshDigest queues a change of a posted summary to today's numbers.
func (b *Bot) refreshDigest(ctx context.Context, p store.DigestPost, tg digestTarget, s domain.Summary) error {
	m := b.digestMessage(tg, s, digestMeta{Late: p.Late, DueAt: p.DueAt.In(b.tz), URL: b.summaryURL(p.Week)})
	key := fmt.Sprintf("digest:%d:update:%d", p.ID, b.now().UnixNano())
	return b.store.EnqueueSlack(ctx, digestUpdate(p.ID, tg.Channel, key, m))
}

// digestMessage is the summary a channel gets, in Danish, the language of
// the staff and the partners' shared channels.
func (b *Bot) digestMessage(tg digestTarget, s domain.Summary, meta digestMeta) message {
	t := b.tr(domain.DefaultLang)
	if tg.Org != "" {
		return partnerDigestMessage(t, s.ForPartner(tg.Org), meta)
	}
	return staffDigestMessage(t, s, meta)
}

// summaryURL is the staff page with every number of a week.
func (b *Bot) summaryURL(w domain.Week) string {
	return strings.TrimRight(b.cfg.BaseURL, "/") + "/staff/summary?week=" + w.String()
}
