package bot

import (
	"context"
	"errors"
	"fmt"
	"net/http"

	"github.com/beboerprojekt-nordvest/tilmeld/domain"
	"github.com/beboerprojekt-nordvest/tilmeld/store"
	"github.com/slack-go/slack"
)

// submitReferral stores a submitted referral form: errors go back beside
// their fields; a stored referral is announced in the staff channel and to
// the referrer, and the modal turns into a confirmation with its number.
func (b *Bot) submitReferral(w http.ResponseWriter, r *http.Request, ic slack.InteractionCallback) {
	ctx, cancel := context.WithTimeout(r.Context(), ackBudget)
	defer cancel()
	u, err := b.store.SlackUser(ctx, ic.Team.ID, ic.User.ID)
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		b.submissionFailed(w, submitterLang(ic), domain.RefTarget, "save referral", err)
		return
	}
	t := b.tr(langOf(u.Locale))
	if _, ok := b.plan.OrganisationByKey(u.OrgKey); !ok {
		// Staff removed her organisation meanwhile: ask for it again.
		writeJSON(w, slack.NewUpdateViewSubmissionResponse(ptr(orgPickerModal(t))))
		return
	}
	ref, errs := domain.ValidateReferral(b.plan, referralInput(ic.View), b.now())
	if len(errs) > 0 {
		answerErrors(w, fieldErrors(t, errs))
		return
	}
	ref.Referrer = domain.Referrer{TeamID: ic.Team.ID, UserID: ic.User.ID, OrgKey: u.OrgKey}
	ref.ConsentLang = t.lang // the language she read the consent box in
	ref.StatusBy = domain.Actor{Kind: domain.ActorSlack, ID: ic.User.ID}
	// Slack's view id is the same for every submission of one modal, so a
	// double press or a retry finds the referral already made.
	ref.DedupeKey, ref.SlackViewID, ref.SlackViewHash = "view:"+ic.View.ID, ic.View.ID, ic.View.Hash
	res, err := b.store.CreateReferral(ctx, ref, func(r domain.Referral) ([]store.OutboxMessage, error) {
		return b.announceNew(ctx, r, t.lang), nil
	})
	if errors.Is(err, store.ErrNotFound) {
		answerErrors(w, map[string]string{domain.RefTarget: t.T("slack.error.target_gone")})
		return
	}
	if err != nil {
		b.submissionFailed(w, t.lang, domain.RefTarget, "save referral", err)
		return
	}
	b.kickWorker()
	title := b.catalogue.title(ctx, res.Referral.Target, t.lang)
	writeJSON(w, slack.NewUpdateViewSubmissionResponse(ptr(confirmationModal(t, res.Referral, title))))
}

func referralInput(v slack.View) domain.ReferralInput {
	return domain.ReferralInput{
		Target: stateValue(v, domain.RefTarget), FirstName: stateValue(v, domain.RefFirstName),
		Phone: stateValue(v, domain.RefPhone), Department: stateValue(v, domain.RefDepartment),
		AgeGroup: stateValue(v, domain.RefAgeGroup), Language: stateValue(v, domain.RefLanguage),
		Contact: stateValue(v, domain.RefContact), Consent: stateValue(v, domain.RefConsent) == "yes",
		Note: stateValue(v, domain.RefNote),
	}
}

// announceNew builds the messages a new referral sends: its card in the
// staff channel (in Danish, the staff's language) and a receipt to the
// referrer in hers.
func (b *Bot) announceNew(ctx context.Context, r domain.Referral, lang string) []store.OutboxMessage {
	staff := b.tr(domain.DefaultLang)
	card := channelCard{Referral: r, Title: b.catalogue.title(ctx, r.Target, staff.lang), URL: b.staffURL(r.ID)}
	return []store.OutboxMessage{
		b.postToChannel(r.ID, channelMessage(staff, card)),
		directMessage(fmt.Sprintf("referral:%d:dm:%s", r.ID, r.Status), r.Referrer.UserID,
			referrerMessage(b.tr(lang), r, b.catalogue.title(ctx, r.Target, lang))),
	}
}

// submitOrg keeps the organisation a partner picked and turns the picker
// into the referral modal.
func (b *Bot) submitOrg(w http.ResponseWriter, r *http.Request, ic slack.InteractionCallback) {
	ctx, cancel := context.WithTimeout(r.Context(), ackBudget)
	defer cancel()
	u, err := b.store.SlackUser(ctx, ic.Team.ID, ic.User.ID)
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		b.submissionFailed(w, submitterLang(ic), blockOrg, "save organisation", err)
		return
	}
	t := b.tr(langOf(u.Locale))
	org, ok := b.plan.OrganisationByKey(stateValue(ic.View, blockOrg))
	if !ok {
		answerErrors(w, map[string]string{blockOrg: t.T("slack.error.choice")})
		return
	}
	var msgs []store.OutboxMessage
	if u.Locale == "" && ic.User.Locale == "" {
		msgs = append(msgs, lookupLocale(ic.Team.ID, ic.User.ID))
	}
	if err := b.store.SetSlackUserOrg(ctx, ic.Team.ID, ic.User.ID, org.Key, msgs...); err != nil {
		b.submissionFailed(w, t.lang, blockOrg, "save organisation", err)
		return
	}
	b.kickWorker()
	writeJSON(w, slack.NewUpdateViewSubmissionResponse(ptr(referralModal(t, b.catalogue.activities(ctx), org))))
}

func ptr[T any](v T) *T { return &v }
