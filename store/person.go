package store

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/beboerprojekt-nordvest/tilmeld/domain"
)

// Person is everything held about one person, found by her phone number:
// for the right of access (a copy, readable or as JSON) and before an
// erasure.
type Person struct {
	Phone     string
	Signups   []PersonSignup
	Referrals []PersonReferral
	// Audit are the audit lines about her records: who saw or changed
	// them, and when.
	Audit []AuditLine
}

// PersonSignup is one of her sign-ups with what it belongs to.
type PersonSignup struct {
	StaffSignup
	Activity   domain.Activity // its texts and form, to read the answers by
	Attendance []Attendance
	// ConsentTexts are the consent texts she agreed to, as recorded for
	// the version and language of her consent, by message id.
	ConsentTexts map[string]string
}

// Attendance is whether she was marked present at one session.
type Attendance struct {
	StartsAt time.Time `db:"starts_at" json:"starts_at"`
	Present  bool      `db:"present" json:"present"`
}

// PersonReferral is one referral of her, with its history and the
// consent text the partner ticked, as recorded.
type PersonReferral struct {
	domain.Referral
	Events       []ReferralEvent
	ConsentTexts map[string]string
}

// Subjects names her records as audit subjects.
func (p Person) Subjects() []string {
	out := make([]string, 0, len(p.Signups)+len(p.Referrals))
	for _, su := range p.Signups {
		out = append(out, SignupSubject(su.ID))
	}
	for _, r := range p.Referrals {
		out = append(out, ReferralSubject(r.ID))
	}
	return out
}

// Empty reports that nothing is held about her.
func (p Person) Empty() bool { return len(p.Signups)+len(p.Referrals) == 0 }

// FindPerson gathers everything held under a phone number (E.164): the
// sign-ups with it as her own or her guardian's number, and the
// referrals with it. Finding nothing is an empty Person, not an error.
func (s *Store) FindPerson(ctx context.Context, phone string) (Person, error) {
	p := Person{Phone: phone}
	signups, referrals, err := s.personIDs(ctx, s.db, phone)
	if err != nil {
		return p, err
	}
	for _, id := range signups {
		su, err := s.personSignup(ctx, id)
		if err != nil {
			return p, err
		}
		p.Signups = append(p.Signups, su)
	}
	for _, id := range referrals {
		r, err := s.ReferralByID(ctx, id)
		if err != nil {
			return p, err
		}
		events, err := s.ReferralEvents(ctx, id)
		if err != nil {
			return p, err
		}
		texts, err := s.ConsentTexts(ctx, r.ConsentVersion, r.ConsentLang, domain.ConsentMessageIDs(true))
		if err != nil {
			return p, err
		}
		p.Referrals = append(p.Referrals, PersonReferral{Referral: r, Events: events, ConsentTexts: texts})
	}
	if !p.Empty() {
		p.Audit, err = s.AuditPage(ctx, AuditFilter{Subjects: p.Subjects(), Limit: 1000})
	}
	return p, err
}

func (s *Store) personSignup(ctx context.Context, id int64) (PersonSignup, error) {
	su, err := s.StaffSignupByID(ctx, id)
	if err != nil {
		return PersonSignup{}, err
	}
	out := PersonSignup{StaffSignup: su}
	a, err := s.ActivityByID(ctx, su.ActivityID)
	if err != nil {
		return out, err
	}
	out.Activity = a.Activity
	if err := s.db.SelectContext(ctx, &out.Attendance, `SELECT se.starts_at, at.present FROM attendance at
		JOIN activity_sessions se ON se.id = at.session_id WHERE at.signup_id = $1 ORDER BY se.starts_at`, id); err != nil {
		return out, fmt.Errorf("attendance of signup %d: %w", id, err)
	}
	c := su.Consent()
	out.ConsentTexts, err = s.ConsentTexts(ctx, c.Version, c.Lang, domain.ConsentMessageIDs(false))
	return out, err
}

// PersonRef makes an opaque reference to a person for the staff pages'
// addresses, so her phone number never appears in a URL (and so in no
// browser history or proxy log). It is sealed with the data key and
// works until domain.SessionTTL after now.
func (s *Store) PersonRef(phone string, now time.Time) (string, error) {
	return s.seal(fieldPersonRef, strconv.FormatInt(now.Unix(), 10)+" "+phone)
}

// PersonPhone opens a reference PersonRef made; an unreadable or expired
// one gives ErrNotFound.
func (s *Store) PersonPhone(ref string, now time.Time) (string, error) {
	v, err := s.open(fieldPersonRef, ref)
	if err != nil || v == "" {
		return "", fmt.Errorf("person reference: %w", ErrNotFound)
	}
	at, phone, _ := strings.Cut(v, " ")
	unix, err := strconv.ParseInt(at, 10, 64)
	if err != nil || now.Sub(time.Unix(unix, 0)) > domain.SessionTTL {
		return "", fmt.Errorf("person reference expired: %w", ErrNotFound)
	}
	return phone, nil
}
