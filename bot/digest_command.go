package bot

import (
	"context"
	"errors"
	"net/http"
	"strings"

	"github.com/beboerprojekt-nordvest/tilmeld/domain"
	"github.com/beboerprojekt-nordvest/tilmeld/store"
	"github.com/slack-go/slack"
)

// summaryCommand reports whether a /tilmeld text asks for a summary
// ("opsummering", or "summary"), and the week it names, if any.
func summaryCommand(text string) (week string, ok bool) {
	word, rest, _ := strings.Cut(strings.TrimSpace(text), " ")
	switch strings.ToLower(word) {
	case "opsummering", "summary":
		return strings.TrimSpace(rest), true
	}
	return "", false
}

// answerSummary answers /tilmeld opsummering [uge], to the asker only. A
// partner who has picked her organisation sees its referrals, with small
// counts masked, as her organisation's channel would; anyone else sees
// the staff summary only when asking in the staff channel, where only
// staff are; everyone else is told how to get a view.
func (b *Bot) answerSummary(w http.ResponseWriter, ctx context.Context, cmd slack.SlashCommand, arg string) {
	ctx, cancel := context.WithTimeout(ctx, ackBudget)
	defer cancel()
	t := b.tr(b.userLang(ctx, cmd.TeamID, cmd.UserID, false))
	reply := func(id string) {
		writeJSON(w, ephemeral{ResponseType: "ephemeral", Text: t.T(id)})
	}
	week, err := domain.ResolveWeek(arg, b.now(), b.tz)
	if errors.Is(err, domain.ErrWeekNotOver) {
		reply("slack.digest.not_over")
		return
	}
	if err != nil {
		reply("slack.digest.bad_week")
		return
	}
	tg, ok := b.askerTarget(ctx, cmd)
	if !ok {
		reply("slack.digest.no_access")
		return
	}
	s, err := b.store.WeekSummary(ctx, b.plan, week)
	if err != nil {
		b.log.Error("slack: summary on demand", "week", week.String(), "err", err)
		reply("slack.error.server")
		return
	}
	meta := digestMeta{URL: b.summaryURL(week)}
	m := staffDigestMessage(t, s, meta)
	if tg.Org != "" {
		m = partnerDigestMessage(t, s.ForPartner(tg.Org), meta)
	}
	writeJSON(w, ephemeral{ResponseType: "ephemeral", Text: m.Text, Blocks: m.Blocks})
}

// askerTarget decides whose view an asker gets: her organisation's, if
// she has picked one; the staff view in the staff channel; else none.
func (b *Bot) askerTarget(ctx context.Context, cmd slack.SlashCommand) (digestTarget, bool) {
	u, err := b.store.SlackUser(ctx, cmd.TeamID, cmd.UserID)
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		b.log.Warn("slack: user lookup for a summary", "err", err)
	}
	if _, known := b.plan.OrganisationByKey(u.OrgKey); err == nil && known {
		return digestTarget{Audience: store.AudienceOrg + u.OrgKey, Org: u.OrgKey}, true
	}
	if cmd.ChannelID == b.cfg.StaffChannel {
		return digestTarget{Audience: store.AudienceStaff}, true
	}
	return digestTarget{}, false
}
