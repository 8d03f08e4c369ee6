package bot

import (
	"bytes"
	"context"
	"errors"
	"net/http"
	"strings"

	"github.com/beboerprojekt-nordvest/tilmeld/domain"
	"github.com/beboerprojekt-nordvest/tilmeld/store"
	"github.com/slack-go/slack"
)

// listLimit is how many referrals "mine" and the App Home show.
const listLimit = 20

// handleCommand answers /tilmeld: bare or "henvis" opens the referral
// modal, "mine" lists her referrals, "opsummering [uge]" shows a week's
// summary, anything else explains.
func (b *Bot) handleCommand(w http.ResponseWriter, r *http.Request, body []byte) {
	req, _ := http.NewRequestWithContext(r.Context(), http.MethodPost, "/", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	cmd, err := slack.SlashCommandParse(req)
	if err != nil || cmd.UserID == "" {
		http.Error(w, "bad slash command", http.StatusBadRequest)
		return
	}
	if week, ok := summaryCommand(cmd.Text); ok {
		b.answerSummary(w, r.Context(), cmd, week)
		return
	}
	switch sub := strings.ToLower(strings.TrimSpace(cmd.Text)); sub {
	case "", "henvis":
		// Answer at once; the modal opens right behind the answer.
		w.WriteHeader(http.StatusOK)
		b.openReferral(cmd.TeamID, cmd.UserID, cmd.TriggerID)
	case "mine":
		b.answerMine(w, r.Context(), cmd.TeamID, cmd.UserID)
	default:
		lang := b.userLang(r.Context(), cmd.TeamID, cmd.UserID, sub == "help")
		writeJSON(w, helpMessage(b.tr(lang)))
	}
}

// userLang is the language of a Slack user's client as far as we know it:
// her stored locale, else English if she asked in English, else Danish.
func (b *Bot) userLang(ctx context.Context, teamID, userID string, askedInEnglish bool) string {
	ctx, cancel := context.WithTimeout(ctx, ackBudget/2)
	defer cancel()
	if u, err := b.store.SlackUser(ctx, teamID, userID); err == nil && u.Locale != "" {
		return langOf(u.Locale)
	}
	if askedInEnglish {
		return "en"
	}
	return domain.DefaultLang
}

// openReferral opens the referral modal, or on first use the organisation
// picker, which leads on to it. The trigger id lives for three seconds, so
// a user lookup that takes too long falls back to the picker: picking
// again is better than nothing opening.
func (b *Bot) openReferral(teamID, userID, triggerID string) {
	b.background("open referral modal", func(ctx context.Context) error {
		lookup, cancel := context.WithTimeout(ctx, ackBudget/2)
		u, err := b.store.SlackUser(lookup, teamID, userID)
		cancel()
		if err != nil && !errors.Is(err, store.ErrNotFound) {
			b.log.Warn("slack: user lookup before modal", "err", err)
		}
		t := b.tr(langOf(u.Locale))
		view := orgPickerModal(t)
		if org, ok := b.plan.OrganisationByKey(u.OrgKey); ok && err == nil {
			view = referralModal(t, b.catalogue.activities(ctx), org)
		}
		_, err = b.api.OpenViewContext(ctx, triggerID, view)
		return err
	})
}

func (b *Bot) answerMine(w http.ResponseWriter, ctx context.Context, teamID, userID string) {
	ctx, cancel := context.WithTimeout(ctx, ackBudget)
	defer cancel()
	t := b.tr(b.userLang(ctx, teamID, userID, false))
	refs, err := b.store.ReferralsByReferrer(ctx, teamID, userID, listLimit)
	if err != nil {
		b.log.Error("slack: list referrals", "err", err)
		writeJSON(w, ephemeral{ResponseType: "ephemeral", Text: t.T("slack.error.server")})
		return
	}
	writeJSON(w, mineMessage(t, b.listItems(ctx, refs, t.lang)))
}

func (b *Bot) listItems(ctx context.Context, refs []domain.Referral, lang string) []listItem {
	items := make([]listItem, len(refs))
	for i, r := range refs {
		items[i] = listItem{Referral: r, Title: b.catalogue.title(ctx, r.Target, lang)}
	}
	return items
}
