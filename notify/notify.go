// Package notify writes the text messages a resident gets, in the
// language stored with her sign-up, and decides whether she may get
// them: only a mobile number that has not asked for no more. The queue
// (package queue) calls Render just before it hands a message to the
// gateway, so a confirmation queued by the database in the sign-up's own
// transaction is written then, and its text is never stored.
package notify

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/beboerprojekt-nordvest/tilmeld/domain"
	"github.com/beboerprojekt-nordvest/tilmeld/queue"
	"github.com/beboerprojekt-nordvest/tilmeld/sms"
	"github.com/beboerprojekt-nordvest/tilmeld/store"
	"github.com/nicksnyder/go-i18n/v2/i18n"
)

// The kinds of message a resident gets.
const (
	KindConfirmation = "confirmation" // after a sign-up (queued by the database)
	KindPromoted     = "promoted"     // a place from the waiting list (queued by the database)
	KindReminder     = "reminder"     // before a session (QueueReminders)
	KindLink         = "link"         // her link again, after "already signed up"
	KindAnswer       = "answer"       // the answer to a reply
	KindOffer        = "offer"        // a place offered from the waiting list (store.ExpireOffers and the like)
)

// Store is what the renderer reads.
type Store interface {
	SignupByID(ctx context.Context, id int64) (domain.Signup, error)
	ActivityByID(ctx context.Context, id int64) (store.ActivityWithCounts, error)
	ShortCode(ctx context.Context, signupID int64) (string, error)
	OptedOut(ctx context.Context, phone string) (bool, error)
}

// Renderer writes residents' messages.
type Renderer struct {
	Store   Store
	Bundle  *i18n.Bundle
	BaseURL string // TILMELD_BASE_URL; links are its host + /m/{code}
	Plan    string // the plan's short name, first in every message
	Contact string // phone or e-mail, last in every message
	TZ      *time.Location
	Now     func() time.Time // time.Now unless set
}

// Render completes a queued SMS: a message queued by kind alone gets its
// number and text; any message gets a queue.Skip when its number is not a
// mobile or asked for no more.
func (r Renderer) Render(ctx context.Context, it store.OutboxItem) (store.OutboxItem, error) {
	if it.Text == "" {
		var err error
		if it, err = r.fill(ctx, it); err != nil {
			return it, err
		}
	}
	if !sms.Mobile(it.To) {
		return it, queue.Skip{Reason: "not a mobile number"}
	}
	if it.Kind == KindAnswer { // the one answer to a STOP goes all the same
		return it, nil
	}
	out, err := r.Store.OptedOut(ctx, it.To)
	if err != nil {
		return it, err
	}
	if out {
		return it, queue.Skip{Reason: "the number asked for no more messages"}
	}
	return it, nil
}

func (r Renderer) fill(ctx context.Context, it store.OutboxItem) (store.OutboxItem, error) {
	if it.SignupID == 0 {
		return it, queue.Skip{Reason: "nothing to say: kind " + it.Kind}
	}
	su, err := r.Store.SignupByID(ctx, it.SignupID)
	if errors.Is(err, store.ErrNotFound) {
		return it, queue.Skip{Reason: "the sign-up is gone"}
	}
	if err != nil {
		return it, err
	}
	if !su.ErasedAt.IsZero() || su.Phone == "" {
		return it, queue.Skip{Reason: "her data was erased"}
	}
	if su.NoSMS {
		return it, queue.Skip{Reason: "she said no to SMS about this sign-up"}
	}
	a, err := r.Store.ActivityByID(ctx, su.ActivityID)
	if err != nil {
		return it, err
	}
	var id string
	switch it.Kind {
	case KindConfirmation:
		id = "sms.confirmed"
		if su.Status == domain.StatusWaitlisted {
			id = "sms.waitlisted"
		}
	case KindLink:
		id = "sms.link"
	case KindPromoted:
		id = "sms.promoted"
		if su.Status != domain.StatusConfirmed {
			return it, queue.Skip{Reason: "no longer has the place"}
		}
	case KindOffer:
		id = "sms.offer"
		if !su.OfferOpen(r.now()) {
			return it, queue.Skip{Reason: "the offer was answered or ran out"}
		}
	case KindReminder:
		id = "sms.reminder"
		var p struct {
			SessionID int64 `json:"session_id"`
		}
		json.Unmarshal(it.Payload, &p)
		se, ok := sessionByID(a.Sessions, p.SessionID)
		switch {
		case su.Status != domain.StatusConfirmed:
			return it, queue.Skip{Reason: "the sign-up is not confirmed"}
		case !ok:
			return it, queue.Skip{Reason: "the session was removed"}
		case !se.StartsAt.After(r.now()):
			return it, queue.Skip{Reason: "the session has begun"}
		}
		a.Sessions = []domain.Session{se}
	default:
		return it, queue.Skip{Reason: "nothing to say: kind " + it.Kind}
	}
	code, err := r.Store.ShortCode(ctx, su.ID)
	if err != nil {
		return it, err
	}
	it.To = su.Phone
	it.Text = r.About(id, su, a.Activity, code)
	return it, nil
}

func sessionByID(ss []domain.Session, id int64) (domain.Session, bool) {
	for _, s := range ss {
		if s.ID == id {
			return s, true
		}
	}
	return domain.Session{}, false
}

func (r Renderer) now() time.Time {
	if r.Now != nil {
		return r.Now()
	}
	return time.Now()
}

// About writes message id about a sign-up: the activity, its first
// session (of those given), her reference and her short link, and the
// deadline of an offer she holds.
func (r Renderer) About(id string, su domain.Signup, a domain.Activity, code string) string {
	f := Fields{
		Plan: r.Plan, Title: a.Texts.Title.In(su.Lang), Place: a.Texts.Place.In(su.Lang), When: r.when(a),
		Ref: su.Reference, Link: r.Link(code), Contact: r.Contact, Position: su.Position,
	}
	if !su.OfferExpiresAt.IsZero() {
		f.Until = su.OfferExpiresAt.In(r.tz()).Format(dayTime)
	}
	return r.fit(su.Lang, id, f)
}

// Confirmation is the confirmation SMS for a sign-up, in her language.
func (r Renderer) Confirmation(su domain.Signup, a domain.Activity, code string) string {
	id := "sms.confirmed"
	if su.Status == domain.StatusWaitlisted {
		id = "sms.waitlisted"
	}
	return r.About(id, su, a, code)
}

// Link is a short link's text: the base URL's host, /m/ and the code,
// without the scheme (phones make it a link all the same) so that it
// takes at most 30 characters.
func (r Renderer) Link(code string) string {
	u, err := url.Parse(r.BaseURL)
	host := r.BaseURL
	if err == nil && u.Host != "" {
		host = u.Host
	}
	return host + "/m/" + code
}

// LinkFits reports whether short links on baseURL fit 30 characters.
func LinkFits(baseURL string) (int, bool) {
	n := len(Renderer{BaseURL: baseURL}.Link(strings.Repeat("x", store.ShortCodeLen)))
	return n, n <= 30
}

// when is the first session's day and time on the Copenhagen clock, in
// digits every language reads: 12/03 17:00.
func (r Renderer) when(a domain.Activity) string {
	if len(a.Sessions) > 0 {
		return a.Sessions[0].StartsAt.In(r.tz()).Format(dayTime)
	}
	if !a.StartsOn.IsZero() {
		return a.StartsOn.Format("02/01")
	}
	return "-"
}

// dayTime is how messages write a day and time: 12/03 17:00.
const dayTime = "02/01 15:04"

func (r Renderer) tz() *time.Location {
	if r.TZ == nil {
		return time.UTC
	}
	return r.TZ
}

// Fields are what the message templates may use. Until is an offer's
// deadline, on the plan's clock.
type Fields struct {
	Plan, Title, Place, When, Ref, Link, Contact, Until string
	Position                                            int
}

// MaxParts is the most parts a message may take.
const MaxParts = 2

// fit renders a template and, while it takes more than MaxParts, shortens
// the activity's title, then its place, never the link, reference or
// contact. Characters with a plain GSM twin (– " ’) are swapped for it, so
// a Danish title with a dash does not turn the whole text into UCS-2 and
// halve its room.
func (r Renderer) fit(lang, id string, f Fields) string {
	f.Title, f.Place = tidy(f.Title), tidy(firstSentence(f.Place))
	loc := i18n.NewLocalizer(r.Bundle, lang)
	render := func(f Fields) string {
		s, err := loc.Localize(&i18n.LocalizeConfig{MessageID: id, TemplateData: f})
		if err != nil {
			panic(fmt.Sprintf("notify: message %s: %v", id, err)) // a test catches a missing key
		}
		return s
	}
	text := render(f)
	// The place gives way first: it shrinks while it is at least half as
	// long as the title.
	for sms.Count(text).Parts > MaxParts {
		t, p := utf8.RuneCountInString(f.Title), utf8.RuneCountInString(f.Place)
		switch {
		case p > 0 && 2*p >= t:
			f.Place = shorten(f.Place)
		case t > 1:
			f.Title = shorten(f.Title)
		case p > 0:
			f.Place = shorten(f.Place)
		default:
			return text
		}
		text = render(f)
	}
	return text
}

// firstSentence keeps a place's first sentence: "Bispebjerg Library. We
// meet at the back door." becomes "Bispebjerg Library".
func firstSentence(s string) string {
	for _, stop := range []string{". ", "۔ "} {
		if i := strings.Index(s, stop); i > 0 {
			s = s[:i]
		}
	}
	return s
}

// tidy swaps characters that have a plain GSM twin and drops trailing
// punctuation the template brings its own of.
func tidy(s string) string { return strings.TrimRight(gsmFold(s), " .,:;۔،") }

// shorten drops the last word (or, for one long word, the last letter)
// and marks the cut with a full stop, which every encoding has.
func shorten(s string) string {
	rs := []rune(strings.TrimSuffix(s, "."))
	if i := strings.LastIndexAny(string(rs), " -/"); i > 0 {
		return tidy(string(rs)[:i]) + "."
	}
	if len(rs) <= 2 {
		return string(rs[:max(len(rs)-1, 0)])
	}
	return string(rs[:len(rs)-2]) + "."
}

var gsmTwins = strings.NewReplacer("–", "-", "—", "-", "“", "\"", "”", "\"", "„", "\"", "‘", "'", "’", "'", "…", "...", "\u00a0", " ")

func gsmFold(s string) string { return gsmTwins.Replace(s) }
