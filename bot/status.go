package bot

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/beboerprojekt-nordvest/tilmeld/domain"
	"github.com/beboerprojekt-nordvest/tilmeld/store"
	"github.com/slack-go/slack"
)

// ChangeStatus moves a referral on and tells Slack about it, all in one
// transaction with the change: the staff-channel card is updated and the
// referrer gets a direct message in her language naming the referral
// number, never the resident. Staff pages call this too; without Slack,
// store.ChangeReferralStatus alone does the change.
func (b *Bot) ChangeStatus(ctx context.Context, id int64, u store.StatusUpdate) (domain.Referral, error) {
	return b.change(ctx, id, u, false)
}

// changeFromSlack is ChangeStatus for a button or modal in Slack, which
// may name a referral that has been erased since the card was posted:
// that gives errReferralGone, and nothing changes.
func (b *Bot) changeFromSlack(ctx context.Context, id int64, u store.StatusUpdate) (domain.Referral, error) {
	return b.change(ctx, id, u, true)
}

func (b *Bot) change(ctx context.Context, id int64, u store.StatusUpdate, refuseErased bool) (domain.Referral, error) {
	r, err := b.store.ChangeReferralStatus(ctx, id, u, func(r domain.Referral) ([]store.OutboxMessage, error) {
		if refuseErased && !r.ErasedAt.IsZero() {
			return nil, errReferralGone
		}
		return b.announceChange(ctx, r), nil
	})
	if err == nil {
		b.kickWorker()
	}
	return r, err
}

func (b *Bot) announceChange(ctx context.Context, r domain.Referral) []store.OutboxMessage {
	staff := b.tr(domain.DefaultLang)
	card := channelCard{Referral: r, Title: b.catalogue.title(ctx, r.Target, staff.lang), URL: b.staffURL(r.ID)}
	lang := domain.DefaultLang
	if u, err := b.store.SlackUser(ctx, r.Referrer.TeamID, r.Referrer.UserID); err == nil {
		lang = langOf(u.Locale)
	}
	stamp := r.StatusAt.UnixNano()
	return []store.OutboxMessage{
		b.updateInChannel(r.ID, fmt.Sprintf("referral:%d:update:%s:%d", r.ID, r.Status, stamp), channelMessage(staff, card)),
		directMessage(fmt.Sprintf("referral:%d:dm:%s:%d", r.ID, r.Status, stamp), r.Referrer.UserID,
			referrerMessage(b.tr(lang), r, b.catalogue.title(ctx, r.Target, lang))),
	}
}

// pressStatus handles a status button on a channel card. Declining asks
// for a reason and enrolling in an activity for the sign-up, in a modal;
// the other moves happen at once.
func (b *Bot) pressStatus(ctx context.Context, ic slack.InteractionCallback, act *slack.BlockAction) {
	if ic.Container.ChannelID != b.cfg.StaffChannel && ic.Channel.ID != b.cfg.StaffChannel {
		b.log.Warn("slack: status button outside the staff channel", "channel", ic.Channel.ID)
		return
	}
	id, err := strconv.ParseInt(act.Value, 10, 64)
	to := domain.ReferralStatus(strings.TrimPrefix(act.ActionID, actionStatusPrefix))
	if err != nil || !to.Valid() {
		return
	}
	if to == domain.ReferralDeclined || to == domain.ReferralEnrolled {
		b.openStatusModal(ic, id, to)
		return
	}
	ctx, cancel := context.WithTimeout(ctx, ackBudget)
	defer cancel()
	_, err = b.changeFromSlack(ctx, id, store.StatusUpdate{Change: domain.StatusChange{To: to},
		By: domain.Actor{Kind: domain.ActorSlack, ID: ic.User.ID}, At: b.now()})
	if errors.Is(err, domain.ErrTransition) {
		b.tellRefused(ctx, ic, id, to)
		return
	}
	if gone(err) {
		b.tellPresser(ic, "slack.gone.ephemeral")
		return
	}
	if err != nil {
		b.log.Error("slack: change referral status", "referral", id, "err", err)
		b.tellNotSaved(ic)
	}
}

// openStatusModal opens the decline or enrol modal; enrolling in a
// counselling offer needs no sign-up, so it happens at once.
func (b *Bot) openStatusModal(ic slack.InteractionCallback, id int64, to domain.ReferralStatus) {
	b.background("open status modal", func(ctx context.Context) error {
		r, err := b.store.ReferralByID(ctx, id)
		if errors.Is(err, store.ErrNotFound) || (err == nil && !r.ErasedAt.IsZero()) {
			b.tellPresser(ic, "slack.gone.ephemeral")
			return nil
		}
		if err != nil {
			b.tellNotSaved(ic)
			return err
		}
		if !r.Status.CanBecome(to) {
			// The card was out of date: no point asking for a reason.
			b.tellRefused(ctx, ic, id, to)
			return nil
		}
		t := b.tr(domain.DefaultLang)
		view := declineModal(t, r)
		if to == domain.ReferralEnrolled {
			if !r.Target.IsActivity() {
				_, err := b.changeFromSlack(ctx, id, store.StatusUpdate{Change: domain.StatusChange{To: to},
					By: domain.Actor{Kind: domain.ActorSlack, ID: ic.User.ID}, At: b.now()})
				switch {
				case gone(err):
					b.tellPresser(ic, "slack.gone.ephemeral")
					return nil
				case err != nil && !errors.Is(err, domain.ErrTransition):
					b.tellNotSaved(ic)
				}
				return err
			}
			view = enrollModal(t, r)
		}
		_, err = b.api.OpenViewContext(ctx, ic.TriggerID, view)
		return err
	})
}

// tellRefused explains to the staff member, and only to her, that the
// card was out of date: someone else moved the referral on first.
func (b *Bot) tellRefused(ctx context.Context, ic slack.InteractionCallback, id int64, to domain.ReferralStatus) {
	r, err := b.store.ReferralByID(ctx, id)
	if err != nil {
		b.log.Error("slack: load referral", "referral", id, "err", err)
		b.tellNotSaved(ic)
		return
	}
	t := b.tr(domain.DefaultLang)
	text := t.T("slack.ephemeral.refused", "Code", r.Code(), "To", t.T(statusID(to)), "Status", t.T(statusID(r.Status)))
	m := message{Text: text, Blocks: []slack.Block{slack.NewSectionBlock(mrkdwn(text), nil, nil)}}
	key := fmt.Sprintf("refused:%d:%s:%s", id, ic.User.ID, firstActionTs(ic))
	if err := b.store.EnqueueSlack(ctx, ephemeralMessage(key, b.cfg.StaffChannel, ic.User.ID, m)); err != nil {
		b.log.Error("slack: queue refusal", "err", err)
		b.tellNotSaved(ic)
		return
	}
	b.kickWorker()
}

// gone reports whether a change failed because the referral no longer
// exists, or exists only as an erased record.
func gone(err error) bool {
	return errors.Is(err, store.ErrNotFound) || errors.Is(err, errReferralGone)
}

func firstActionTs(ic slack.InteractionCallback) string {
	if len(ic.ActionCallback.BlockActions) > 0 {
		return ic.ActionCallback.BlockActions[0].ActionTs
	}
	return ""
}

// submitDecline declines a referral with the category the partner is
// told and the reason staff typed, which stays with staff.
func (b *Bot) submitDecline(w http.ResponseWriter, r *http.Request, ic slack.InteractionCallback) {
	t := b.tr(domain.DefaultLang)
	// Slack makes her choose; without a choice the partner hears "another
	// reason" (domain.DeclineOther).
	category := domain.DeclineCategory(stateValue(ic.View, blockCategory))
	if category != "" && !category.Valid() {
		answerErrors(w, map[string]string{blockCategory: t.T("slack.error.choice")})
		return
	}
	reason, fe := domain.ValidateReason(stateValue(ic.View, domain.RefReason))
	if fe != nil {
		answerErrors(w, fieldErrors(t, []domain.FieldError{*fe}))
		return
	}
	b.submitChange(w, r, ic, domain.RefReason, store.StatusUpdate{Change: domain.StatusChange{
		To: domain.ReferralDeclined, Reason: reason, Category: category}})
}

// submitEnroll enrols a referral, linking the sign-up staff name by its
// reference.
func (b *Bot) submitEnroll(w http.ResponseWriter, r *http.Request, ic slack.InteractionCallback) {
	ref := domain.CleanReference(stateValue(ic.View, blockSignupRef))
	if ref == "" {
		answerErrors(w, map[string]string{blockSignupRef: b.tr(domain.DefaultLang).T("slack.error.required")})
		return
	}
	b.submitChange(w, r, ic, blockSignupRef, store.StatusUpdate{Change: domain.StatusChange{To: domain.ReferralEnrolled}, SignupRef: ref})
}

func (b *Bot) submitChange(w http.ResponseWriter, r *http.Request, ic slack.InteractionCallback, block string, u store.StatusUpdate) {
	ctx, cancel := context.WithTimeout(r.Context(), ackBudget)
	defer cancel()
	t := b.tr(domain.DefaultLang)
	id, err := strconv.ParseInt(ic.View.PrivateMetadata, 10, 64)
	if err != nil {
		answerErrors(w, map[string]string{block: t.T("slack.error.server")})
		return
	}
	member, err := b.inStaffChannel(ctx, ic.User.ID)
	if err != nil {
		b.submissionFailed(w, submitterLang(ic), block, "check staff channel membership", err)
		return
	}
	if !member {
		b.log.Warn("slack: status change by someone not in the staff channel")
		answerErrors(w, map[string]string{block: t.T("slack.not_staff.error")})
		return
	}
	u.By, u.At = domain.Actor{Kind: domain.ActorSlack, ID: ic.User.ID}, b.now()
	_, err = b.changeFromSlack(ctx, id, u)
	switch {
	case gone(err):
		answerErrors(w, map[string]string{block: t.T("slack.gone.error")})
	case errors.Is(err, domain.ErrSignupNotFound):
		answerErrors(w, map[string]string{block: t.T("slack.error.signup_not_found")})
	case errors.Is(err, domain.ErrTransition):
		now, _ := b.store.ReferralByID(ctx, id)
		answerErrors(w, map[string]string{block: t.T("slack.error.transition", "Status", t.T(statusID(now.Status)))})
	case err != nil:
		b.submissionFailed(w, submitterLang(ic), block, "change referral status", err)
	default:
		writeJSON(w, slack.NewClearViewSubmissionResponse())
	}
}
