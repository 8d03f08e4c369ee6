package bot

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"time"

	"github.com/beboerprojekt-nordvest/tilmeld/domain"
	"github.com/slack-go/slack"
)

// hookTimeout bounds a post to a response_url: the person is waiting for
// it, and it runs after Slack has had its answer.
const hookTimeout = 2 * time.Second

// tellNotSaved tells the person who pressed a button, and only her, that
// nothing was changed, after the handler has answered Slack. It goes
// straight to the response_url Slack sent with the press, not through the
// outbox: when this is needed the database, which holds the outbox, is
// usually what failed.
func (b *Bot) tellNotSaved(ic slack.InteractionCallback) {
	b.tellPresser(ic, "slack.ephemeral.not_saved")
}

// tellPresser tells the person who pressed a button, and only her, the
// message with this id, through the response_url as tellNotSaved does.
func (b *Bot) tellPresser(ic slack.InteractionCallback, msgID string) {
	b.background("tell presser "+msgID, func(ctx context.Context) error {
		hook, err := responseURL(ic.ResponseURL)
		if err != nil {
			return err
		}
		msg := &slack.WebhookMessage{ResponseType: slack.ResponseTypeEphemeral, ReplaceOriginal: false,
			Text: b.tr(b.presserLang(ctx, ic)).T(msgID)}
		ctx, cancel := context.WithTimeout(ctx, hookTimeout)
		defer cancel()
		if err := slack.PostWebhookCustomHTTPContext(ctx, hook, b.hooks, msg); err != nil {
			var ue *url.Error
			if errors.As(err, &ue) {
				err = ue.Err // the URL itself lets anyone answer the press: keep it out of logs
			}
			return fmt.Errorf("post to response_url: %w", err)
		}
		return nil
	})
}

// responseURL checks the response_url of a (signed) payload is one a
// message can be posted to.
func responseURL(raw string) (string, error) {
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return "", errors.New("the interaction has no usable response_url")
	}
	return u.String(), nil
}

// presserLang is the language to tell someone who pressed a button in:
// her Slack client's, if Slack sent it; else the one kept for her, if the
// database answers at once; else Danish.
func (b *Bot) presserLang(ctx context.Context, ic slack.InteractionCallback) string {
	if ic.User.Locale != "" {
		return langOf(ic.User.Locale)
	}
	ctx, cancel := context.WithTimeout(ctx, ackBudget/4)
	defer cancel()
	if u, err := b.store.SlackUser(ctx, ic.Team.ID, ic.User.ID); err == nil && u.Locale != "" {
		return langOf(u.Locale)
	}
	return domain.DefaultLang
}

// submitterLang is the language to answer a modal submission in without
// asking the database: her Slack client's, if Slack sent it; else the one
// the modal was shown in, which partners' modals carry as their private
// metadata; else Danish, the staff modals' language.
func submitterLang(ic slack.InteractionCallback) string {
	if ic.User.Locale != "" {
		return langOf(ic.User.Locale)
	}
	if m := ic.View.PrivateMetadata; m == "en" || m == domain.DefaultLang {
		return m
	}
	return domain.DefaultLang
}

// submissionFailed logs a server error once and keeps the modal open with
// her answers, saying in her language that nothing was saved, instead of
// Slack's generic connection error.
func (b *Bot) submissionFailed(w http.ResponseWriter, lang, block, what string, err error) {
	b.log.Error("slack "+what, "err", err)
	answerErrors(w, map[string]string{block: b.tr(lang).T("slack.error.not_saved")})
}
