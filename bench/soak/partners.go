package main

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"net/http"
	"regexp"
	"strings"
	"time"

	"github.com/beboerprojekt-nordvest/tilmeld/domain"
)

// What partners type about a resident. None of it may reach Slack; the
// checks look for it in every call the fake received.
const (
	referralFirstName = "Soakfornavn"
	referralPhoneHead = "5919"
)

var codeInView = regexp.MustCompile(`H-[0-9]+`)

// partner refers residents from Slack, now and then looks at her list
// and her App Home. Each partner is one Slack user.
func (s *slackSide) partner(ctx context.Context, user string, every time.Duration, seed uint64) {
	rng := rand.New(rand.NewPCG(seed, seed+1))
	for sleepExp(ctx, rng, every) {
		switch x := rng.Float64(); {
		case x < 0.1:
			s.mine(rng, user)
		case x < 0.2:
			s.openHome(rng, user)
		default:
			s.refer(rng, user)
		}
	}
}

// sleepExp waits an exponentially distributed time with the given mean,
// and reports false once ctx has ended.
func sleepExp(ctx context.Context, rng *rand.Rand, mean time.Duration) bool {
	d := time.Duration(rng.ExpFloat64() * float64(mean))
	select {
	case <-ctx.Done():
		return false
	case <-time.After(d):
		return true
	}
}

func (s *slackSide) mine(rng *rand.Rand, user string) {
	a, err := s.command(rng, user, "mine", s.trigger())
	if err == nil && (a.Status != http.StatusOK || !strings.Contains(a.Body, `"ephemeral"`)) {
		s.led.example("slack /tilmeld mine", a.Body)
	}
}

// openHome sends app_home_opened, and sometimes Slack's retry of it: the
// App Home must be published once per event.
func (s *slackSide) openHome(rng *rand.Rand, user string) {
	id := fmt.Sprintf("Ev%010d", s.next())
	body := s.homeOpened(user, id)
	s.post("slack event app_home_opened", rng, "/slack/events", "application/json", body, nil)
	if rng.IntN(3) == 0 {
		s.post("slack event app_home_opened (retry)", rng, "/slack/events", "application/json", body,
			http.Header{"X-Slack-Retry-Num": {"1"}, "X-Slack-Retry-Reason": {"http_timeout"}})
	}
}

// refer runs /tilmeld, picks her organisation the first time, fills in
// the referral modal and submits it, sometimes twice.
func (s *slackSide) refer(rng *rand.Rand, user string) {
	trigger := s.trigger()
	if a, err := s.command(rng, user, "henvis", trigger); err != nil || a.Status != http.StatusOK {
		return
	}
	opened, ok := s.fake.waitView(trigger, 5*time.Second)
	if !ok {
		// Slack was down or slow, or the instance died: she tries later.
		s.led.count("slack modal", "did not open")
		return
	}
	s.led.count("slack modal", "opened")
	view := opened.View
	if str(view, "callback_id") == "org_picker" {
		values := fillModal(view, rng, nil)
		submit := s.submission(user, opened.ID, view, values)
		a, _, err := s.interact("slack submit org_picker", rng, submit, nil)
		for try := 0; try < 6 && err == nil && strings.Contains(a.Body, `"errors"`); try++ {
			time.Sleep(time.Duration(1+rng.IntN(3)) * time.Second)
			a, _, err = s.interact("slack submit org_picker (after errors)", rng, submit, nil)
		}
		if err != nil {
			return
		}
		next, ok := updatedView(a.Body)
		if !ok {
			s.led.example("slack submit org_picker", a.Body)
			return
		}
		view = next
	}
	if str(view, "callback_id") != "referral" {
		s.led.example("slack modal not the referral form", fmt.Sprint(view["callback_id"]))
		return
	}
	phone := fmt.Sprintf("+45 %s%04d", referralPhoneHead, s.next()%10000)
	values := fillModal(view, rng, map[string]string{domain.RefFirstName: referralFirstName,
		domain.RefPhone: phone, domain.RefNote: "Bedst efter kl. 15"})
	if len(s.targets) > 0 && rng.IntN(10) < 7 {
		// Mostly an activity residents sign up for in this run, so staff
		// can enrol the referral with a real sign-up.
		choose(view, values, domain.RefTarget, s.targets[rng.IntN(len(s.targets))])
	}
	rec := &referralRecord{ViewID: opened.ID, User: user, Target: chosen(values, domain.RefTarget)}
	s.led.update(func() { s.led.referrals[opened.ID] = rec })
	submit := s.submission(user, opened.ID, view, values)
	a, sent, err := s.interact("slack submit referral", rng, submit, nil)
	for try := 0; try < 6 && err == nil && strings.Contains(a.Body, `"errors"`); try++ {
		// "Something went wrong, try again in a moment" (the database is
		// restarting): she presses submit again, on the same modal.
		time.Sleep(time.Duration(1+rng.IntN(3)) * time.Second)
		a, sent, err = s.interact("slack submit referral (after errors)", rng, submit, nil)
	}
	s.led.update(func() { s.recordReferral(rec, a, sent, err, false) })
	if err == nil && rng.IntN(10) == 0 {
		// A double press, or Slack retrying after a slow answer.
		a, sent, err = s.interact("slack submit referral (again)", rng, submit,
			http.Header{"X-Slack-Retry-Num": {"1"}, "X-Slack-Retry-Reason": {"http_timeout"}})
		s.led.update(func() { s.recordReferral(rec, a, sent, err, true) })
	}
}

// recordReferral notes what a submission was answered; the caller holds
// the ledger's lock.
func (s *slackSide) recordReferral(rec *referralRecord, a answer, sent bool, err error, repeat bool) {
	if err != nil {
		rec.Uncertain = rec.Uncertain || sent
		return
	}
	code := codeInView.FindString(a.Body)
	switch {
	case code == "" || !strings.Contains(a.Body, `"update"`):
		rec.Refused = a.Body
	case repeat:
		rec.Repeats = append(rec.Repeats, code)
	default:
		rec.Code = code
	}
}

// updatedView reads a response_action "update" answer.
func updatedView(body string) (map[string]any, bool) {
	var ans struct {
		Action string         `json:"response_action"`
		View   map[string]any `json:"view"`
	}
	if json.Unmarshal([]byte(body), &ans) != nil || ans.Action != "update" || ans.View == nil {
		return nil, false
	}
	return ans.View, true
}

// staff moves referrals on from their cards in the staff channel: the
// buttons, and the decline and enrol modals behind two of them.
func (s *slackSide) staff(ctx context.Context, user string, every time.Duration, db *sql.DB, seed uint64) {
	rng := rand.New(rand.NewPCG(seed, seed+2))
	for sleepExp(ctx, rng, every) {
		cards := s.fake.openCards()
		if len(cards) == 0 {
			continue
		}
		k := cards[rng.IntN(len(cards))]
		// Mostly the next step of the loop (the first button), so
		// referrals get as far as enrolment; sometimes any other.
		b := k.Buttons[0]
		if rng.IntN(3) == 0 {
			b = k.Buttons[rng.IntN(len(k.Buttons))]
		}
		if !strings.HasPrefix(b.ActionID, "status:") {
			continue
		}
		trigger := s.trigger()
		if _, _, err := s.interact("slack button "+b.ActionID, rng, s.buttonPress(user, k.TS, trigger, b), nil); err != nil {
			continue
		}
		to := strings.TrimPrefix(b.ActionID, "status:")
		if to != "declined" && to != "enrolled" {
			continue
		}
		opened, ok := s.fake.waitView(trigger, 4*time.Second)
		if !ok {
			continue // enrolled in a counselling offer at once, refused, or Slack was down
		}
		s.submitStatusModal(rng, user, opened, k.ReferralID, db)
	}
}

func (s *slackSide) submitStatusModal(rng *rand.Rand, user string, opened openedView, referralID int64, db *sql.DB) {
	text := map[string]string{domain.RefReason: "Holdet er fuldt i denne omgang"}
	kind := "slack submit " + str(opened.View, "callback_id")
	if str(opened.View, "callback_id") == "enroll" {
		var slug string
		err := db.QueryRow(`SELECT coalesce(a.slug, '') FROM referrals r LEFT JOIN activities a ON a.id = r.activity_id
			WHERE r.id = $1`, referralID).Scan(&slug)
		ref, ok := s.led.deliveredRef(slug, rng.IntN)
		if err != nil || !ok {
			s.led.count(kind, "skipped: no sign-up to link")
			return // staff close the modal
		}
		text["signup_ref"] = ref
	}
	values := fillModal(opened.View, rng, text)
	a, _, err := s.interact(kind, rng, s.submission(user, opened.ID, opened.View, values), nil)
	switch {
	case err != nil:
	case strings.Contains(a.Body, `"clear"`):
		s.led.count(kind, "cleared")
	case strings.Contains(a.Body, `"errors"`):
		// Someone else moved it on first: the modal says so.
		s.led.count(kind, "errors shown")
	default:
		s.led.example(kind, a.Body)
	}
}
