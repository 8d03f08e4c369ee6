package bot

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"

	"github.com/beboerprojekt-nordvest/tilmeld/domain"
	"github.com/slack-go/slack"
)

// handleInteraction dispatches a modal submission or a button press.
func (b *Bot) handleInteraction(w http.ResponseWriter, r *http.Request, body []byte) {
	form, err := url.ParseQuery(string(body))
	var ic slack.InteractionCallback
	if err == nil {
		err = json.Unmarshal([]byte(form.Get("payload")), &ic)
	}
	if err != nil {
		http.Error(w, "bad interaction payload", http.StatusBadRequest)
		return
	}
	if ic.User.Locale != "" {
		// Slack sends the locale with some payloads: keep it for messages
		// she gets later, but never at the cost of answering in time.
		ctx, cancel := context.WithTimeout(r.Context(), ackBudget/4)
		if err := b.store.SetSlackUserLocale(ctx, ic.Team.ID, ic.User.ID, ic.User.Locale); err != nil {
			b.log.Warn("slack: keep locale", "err", err)
		}
		cancel()
	}
	switch ic.Type {
	case slack.InteractionTypeViewSubmission:
		b.handleSubmission(w, r, ic)
	case slack.InteractionTypeBlockActions:
		b.handleBlockAction(w, r, ic)
		w.WriteHeader(http.StatusOK)
	default:
		w.WriteHeader(http.StatusOK)
	}
}

func (b *Bot) handleSubmission(w http.ResponseWriter, r *http.Request, ic slack.InteractionCallback) {
	switch ic.View.CallbackID {
	case cbReferral:
		b.submitReferral(w, r, ic)
	case cbOrgPicker:
		b.submitOrg(w, r, ic)
	case cbDecline:
		b.submitDecline(w, r, ic)
	case cbEnroll:
		b.submitEnroll(w, r, ic)
	default:
		w.WriteHeader(http.StatusOK)
	}
}

func (b *Bot) handleBlockAction(w http.ResponseWriter, r *http.Request, ic slack.InteractionCallback) {
	if len(ic.ActionCallback.BlockActions) == 0 {
		return
	}
	act := ic.ActionCallback.BlockActions[0]
	switch {
	case act.ActionID == actionOpenReferral:
		b.openReferral(ic.Team.ID, ic.User.ID, ic.TriggerID)
	case strings.HasPrefix(act.ActionID, actionStatusPrefix):
		b.pressStatus(r.Context(), ic, act)
	}
}

// stateValue reads one input's answer from a submitted view: the text
// typed, or the value of the option chosen.
func stateValue(v slack.View, blockID string) string {
	if v.State == nil {
		return ""
	}
	a, ok := v.State.Values[blockID][inputAction]
	if !ok {
		return ""
	}
	if a.SelectedOption.Value != "" {
		return a.SelectedOption.Value
	}
	if len(a.SelectedOptions) > 0 {
		return a.SelectedOptions[0].Value
	}
	return a.Value
}

// answerErrors shows messages beside the named input blocks of the modal.
func answerErrors(w http.ResponseWriter, errs map[string]string) {
	writeJSON(w, slack.NewErrorsViewSubmissionResponse(errs))
}

// fieldErrors translates the domain's field errors for the modal; the
// domain's codes are message ids, prefixed with the Slack group's name.
func fieldErrors(t tr, errs []domain.FieldError) map[string]string {
	out := map[string]string{}
	for _, e := range errs {
		var args []any
		for k, v := range e.Params {
			args = append(args, k, v)
		}
		out[e.Field] = t.T("slack."+e.Code, args...)
	}
	return out
}
