package staff

import (
	"net/http"
	"time"

	"github.com/beboerprojekt-nordvest/tilmeld/domain"
	"github.com/beboerprojekt-nordvest/tilmeld/locales"
	"github.com/beboerprojekt-nordvest/tilmeld/store"
	"github.com/gin-gonic/gin"
)

// personView is everything held about one person, laid out for her to
// read, in her language.
type personView struct {
	Phone     string
	Printed   time.Time
	Signups   []personSignupView
	Referrals []personReferralView
	Log       []personLogLine
}

type personSignupView struct {
	store.PersonSignup
	Answers []answerView
	Consent domain.Consent
}

type personReferralView struct {
	store.PersonReferral
	Title string // what she was referred to, in her language
}

// personLogLine is one audit line as she reads it: when, and whether
// her data was looked at, copied or changed.
type personLogLine struct {
	At   time.Time
	Kind string
}

// loadPerson opens the person behind :token and writes the audit line of
// this use of her data first: without it, nothing is shown.
func (s *Server) loadPerson(c *gin.Context, action string) (store.Person, bool) {
	phone, ok := s.personParam(c)
	if !ok {
		return store.Person{}, false
	}
	ctx := c.Request.Context()
	p, err := s.store.FindPerson(ctx, phone)
	if err == nil {
		err = s.store.Audit(ctx, actor(c).Entry(action, "", map[string]any{"subjects": p.Subjects()}))
	}
	if err != nil {
		s.serverError(c, err)
		return p, false
	}
	return p, true
}

// staffPersonPage shows everything held about her in her own language
// (the language of her latest sign-up; ?lang= picks another), for staff
// to show her on the screen or print for her.
func (s *Server) staffPersonPage(c *gin.Context) {
	person, ok := s.loadPerson(c, domain.AuditPersonView)
	if !ok {
		return
	}
	c.Set(ctxLang, personLang(c.Query("lang"), person))
	p := s.newPage(c, "person.title")
	v := personView{Phone: person.Phone, Printed: s.now()}
	for _, su := range person.Signups {
		v.Signups = append(v.Signups, personSignupView{PersonSignup: su, Answers: p.answers(su.Activity.Form, su.Answers),
			Consent: su.Consent()})
	}
	for _, r := range person.Referrals {
		v.Referrals = append(v.Referrals, personReferralView{PersonReferral: r, Title: s.targetTitle(c.Request.Context(), r.Target, p.Lang.Tag)})
	}
	for _, l := range person.Audit {
		v.Log = append(v.Log, personLogLine{At: l.At, Kind: logKind(l.Action)})
	}
	p.Data = v
	s.render(c, http.StatusOK, "person", p)
}

// personLang is the language to show her data in: one asked for, else
// that of her latest sign-up, else the language her referral prefers,
// else Danish.
func personLang(asked string, p store.Person) string {
	if _, ok := locales.Lookup(asked); ok {
		return asked
	}
	for i := len(p.Signups) - 1; i >= 0; i-- {
		if _, ok := locales.Lookup(p.Signups[i].Lang); ok {
			return p.Signups[i].Lang
		}
	}
	for _, r := range p.Referrals {
		if _, ok := locales.Lookup(r.Language); ok {
			return r.Language
		}
	}
	return locales.Default
}

// logKind sorts audit actions into what she needs to know: her data was
// looked at, handed out as a copy, or changed.
func logKind(action string) string {
	switch action {
	case domain.AuditSignupView, domain.AuditReferralView, domain.AuditPersonView, domain.AuditPersonSearch, domain.AuditLogViewed:
		return "view"
	case domain.AuditPersonExport, domain.AuditExportSignups, domain.AuditExportAttend:
		return "copy"
	}
	return "change"
}
