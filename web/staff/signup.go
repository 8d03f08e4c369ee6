package staff

import (
	"errors"
	"net/http"
	"strconv"
	"strings"

	"github.com/beboerprojekt-nordvest/tilmeld/domain"
	"github.com/beboerprojekt-nordvest/tilmeld/store"
	"github.com/beboerprojekt-nordvest/tilmeld/web/ui"
	"github.com/gin-gonic/gin"
)

// signupPage is one person's sign-up with everything staff may see and do.
type signupPage struct {
	Activity    ui.ActivityCard
	Signup      store.StaffSignup
	Answers     []answerView
	History     []store.AuditLine
	Statuses    []choice
	NeedsReason bool
	Reason      string // typed, kept on an error
	Note        string
	Errors      map[string]string
}

// answerView is one answer with its question, in the staff's language.
type answerView struct {
	Label, Value, Lang string
}

// idParam reads :id as a sign-up's or a referral's id.
func idParam(c *gin.Context) (int64, bool) {
	id, err := strconv.ParseInt(c.Param("id"), 10, 64)
	return id, err == nil && id > 0
}

// staffSignup shows one person's details. Each view is written to the
// audit log first: if that fails, nothing is shown.
func (s *Server) staffSignup(c *gin.Context) {
	s.renderSignup(c, http.StatusOK, signupPage{})
}

func (s *Server) renderSignup(c *gin.Context, status int, d signupPage) {
	id, ok := idParam(c)
	if !ok {
		s.notFound(c)
		return
	}
	ctx := c.Request.Context()
	su, err := s.store.StaffSignupByID(ctx, id)
	if errors.Is(err, store.ErrNotFound) {
		s.notFound(c)
		return
	}
	var a store.ActivityWithCounts
	if err == nil {
		a, err = s.store.ActivityByID(ctx, su.ActivityID)
	}
	if err == nil {
		err = s.store.Audit(ctx, actor(c).Entry(domain.AuditSignupView, store.SignupSubject(id), nil))
	}
	if err == nil {
		d.History, err = s.store.AuditLog(ctx, store.SignupSubject(id), "", 100)
	}
	if err != nil {
		s.serverError(c, err)
		return
	}
	p := s.staffPage(c, "staff.signup.title", nil)
	d.Activity, d.Signup, d.History = ui.NewCard(a), su, withoutViews(d.History)
	d.Answers = p.answers(a.Form, su.Answers)
	d.NeedsReason = domain.NeedsReason(su.Status, a.Capacity, a.Counts.Confirmed)
	for _, st := range domain.Statuses {
		if st != su.Status {
			d.Statuses = append(d.Statuses, choice{Value: string(st), Label: p.Status(st)})
		}
	}
	if _, typed := d.Errors["note"]; !typed {
		d.Note = su.Note
	}
	p.Data.(*staffData).Body = d
	s.render(c, status, "signup", p)
}

// withoutViews keeps the lines that changed something.
func withoutViews(lines []store.AuditLine) []store.AuditLine {
	out := lines[:0]
	for _, l := range lines {
		if l.Action != domain.AuditSignupView {
			out = append(out, l)
		}
	}
	return out
}

// answers lays out a sign-up's answers in form order.
func (p *page) answers(f domain.Form, ans domain.Answers) []answerView {
	var out []answerView
	for _, fd := range p.Plan.Form(f).Fields {
		v, ok := ans[fd.Key]
		if !ok || fd.Key == domain.KeyName || fd.Key == domain.KeyPhone {
			continue // the page shows these at the top
		}
		label, _ := p.Label(fd.Label, fd.LabelID)
		value, lang := p.answerText(fd, v)
		out = append(out, answerView{Label: label, Value: value, Lang: lang})
	}
	return out
}

// answerText writes one answer for people: options by their label, yes or no.
func (p *page) answerText(fd domain.Field, v any) (string, string) {
	switch x := v.(type) {
	case bool:
		if x {
			return p.T("field.yes"), p.Lang.Tag
		}
		return p.T("field.no"), p.Lang.Tag
	case float64: // numbers come back from JSON as float64
		return strconv.FormatFloat(x, 'f', -1, 64), p.Lang.Tag
	case string:
		for _, o := range fd.Options {
			if o.Value == x {
				return p.Label(o.Label, o.LabelID)
			}
		}
		return x, ""
	case []any:
		var parts []string
		for _, e := range x {
			s, _ := p.answerText(fd, e)
			parts = append(parts, s)
		}
		return strings.Join(parts, ", "), p.Lang.Tag
	}
	return "", ""
}
