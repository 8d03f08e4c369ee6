package bot

import (
	"context"
	"encoding/json"
	"net/http"

	"github.com/slack-go/slack/slackevents"
)

// handleEvent answers the Events API: the url_verification challenge
// Slack sends when the app is set up, and app_home_opened, which
// publishes the partner's latest referrals. Slack retries an event it
// thinks was missed (X-Slack-Retry-Num); the event id keys the queued
// view, so a retry publishes nothing twice.
func (b *Bot) handleEvent(w http.ResponseWriter, r *http.Request, body []byte) {
	ev, err := slackevents.ParseEvent(json.RawMessage(body), slackevents.OptionNoVerifyToken())
	if err != nil {
		// An event type we do not subscribe to, or garbage: acknowledge it,
		// or Slack will keep retrying.
		b.log.Debug("slack: unparsed event", "err", err)
		w.WriteHeader(http.StatusOK)
		return
	}
	switch ev.Type {
	case slackevents.URLVerification:
		if v, ok := ev.Data.(*slackevents.EventsAPIURLVerificationEvent); ok {
			writeJSON(w, map[string]string{"challenge": v.Challenge})
			return
		}
	case slackevents.CallbackEvent:
		cb, _ := ev.Data.(*slackevents.EventsAPICallbackEvent)
		if home, ok := ev.InnerEvent.Data.(*slackevents.AppHomeOpenedEvent); ok && cb != nil && home.Tab == "home" {
			if err := b.queueHome(r.Context(), cb.TeamID, home.User, "home:"+cb.EventID); err != nil {
				b.log.Error("slack: queue app home", "err", err)
				http.Error(w, "try again", http.StatusInternalServerError)
				return
			}
		}
	}
	w.WriteHeader(http.StatusOK)
}

// queueHome queues the App Home with the partner's latest referrals.
func (b *Bot) queueHome(ctx context.Context, teamID, userID, key string) error {
	ctx, cancel := context.WithTimeout(ctx, ackBudget)
	defer cancel()
	t := b.tr(b.userLang(ctx, teamID, userID, false))
	refs, err := b.store.ReferralsByReferrer(ctx, teamID, userID, listLimit)
	if err != nil {
		return err
	}
	if err := b.store.EnqueueSlack(ctx, publishHome(key, userID, homeView(t, b.listItems(ctx, refs, t.lang)))); err != nil {
		return err
	}
	b.kickWorker()
	return nil
}
