package staff

import (
	"errors"
	"html/template"
	"net/http"

	"github.com/beboerprojekt-nordvest/tilmeld/domain"
	"github.com/beboerprojekt-nordvest/tilmeld/locales"
	"github.com/beboerprojekt-nordvest/tilmeld/store"
	"github.com/beboerprojekt-nordvest/tilmeld/web/ui"
	"github.com/gin-gonic/gin"
)

// readInField names the read-aloud language in the form; it starts with
// "_" like the idempotency token, which no form field's key may.
const readInField = "_read_in"

// assistPage is the activity's own form, filled in by staff for a
// resident, with the consent texts to read aloud in her language.
type assistPage struct {
	Activity  ui.ActivityCard
	Fields    []ui.FieldView
	Errors    []ui.FieldView
	Idem      string
	ReadIn    string
	ReadErr   string
	Consents  []consentText
	Languages []locales.Language
	Already   string // her reference, when she is signed up already
	// SMS shows the tick "the resident wants SMS" (SMS is on); SMSTicked
	// is its state.
	SMS, SMSTicked bool
}

// consentText is one consent text in one language, to read aloud.
type consentText struct {
	Lang  locales.Language
	Text  string
	Facts []string // the privacy facts, read with the resident's consent text
}

// staffAssistForm shows the sign-up form for staff to fill in for someone.
func (s *Server) staffAssistForm(c *gin.Context) {
	a, ok := s.activityParam(c)
	if !ok {
		return
	}
	s.renderAssist(c, http.StatusOK, a, assistPage{Idem: domain.NewToken()}, nil, nil)
}

func (s *Server) renderAssist(c *gin.Context, status int, a store.ActivityWithCounts, d assistPage, in map[string][]string, errs []domain.FieldError) {
	p := s.staffPage(c, "staff.assist.title", nil)
	d.Activity, d.Languages = ui.NewCard(a), locales.Languages
	d.SMS, d.SMSTicked = s.cfg.SMS, ui.SMSTicked(in)
	d.Fields = p.ActivityFieldViews(a.Activity, in, errs)
	speakToStaff(p, d.Fields, errs)
	for _, f := range d.Fields {
		if f.Error != "" {
			d.Errors = append(d.Errors, f)
		}
	}
	d.Consents = s.consentTexts(a.Form)
	p.Data.(*staffData).Body = d
	s.render(c, status, "assist", p)
}

// consentTexts are the form's consent texts in every language residents
// read, so staff can read her the one in her own.
func (s *Server) consentTexts(f domain.Form) []consentText {
	var out []consentText
	for _, fd := range f.Fields {
		if fd.Type != domain.FieldConsent || fd.HelpID == "" {
			continue
		}
		for _, l := range locales.Languages {
			lp := ui.NewPage(s.bundle, s.tz, l.Tag)
			lp.Facts, lp.Plan = s.cfg.Privacy, s.plan
			text, _ := lp.Label(nil, fd.HelpID)
			ct := consentText{Lang: l, Text: text}
			if fd.Use == domain.KeyConsent {
				ct.Facts = lp.PrivacyFacts()
			}
			out = append(out, ct)
		}
	}
	return out
}

// staffAssistSubmit signs a resident up on her behalf, through the same
// rules and the same store call as her own sign-up, recording who helped
// and the language the consent was read aloud in.
func (s *Server) staffAssistSubmit(c *gin.Context) {
	a, ok := s.activityParam(c)
	if !ok {
		return
	}
	form, ok := s.readForm(c)
	if !ok {
		return
	}
	d := assistPage{Idem: form.Get(ui.IdemField), ReadIn: form.Get(readInField)}
	if !ui.ValidToken(d.Idem) {
		d.Idem = domain.NewToken()
	}
	now := s.now()
	ans, errs := a.ValidateSignup(s.plan, form, now)
	if _, known := locales.Lookup(d.ReadIn); !known {
		d.ReadErr = s.newPage(c, "").T("staff.assist.read_in_required")
	}
	if len(errs) > 0 || d.ReadErr != "" {
		s.renderAssist(c, http.StatusUnprocessableEntity, a, d, form, errs)
		return
	}
	su := domain.NewSignup(a.Activity, ans, d.ReadIn, d.Idem, now)
	su.AssistedBy, su.ConsentReadIn = currentStaff(c).ID, d.ReadIn
	su.NoSMS = ui.NoSMS(s.cfg.SMS, form)
	res, err := s.store.CreateSignup(c.Request.Context(), su)
	var dup *store.AlreadySignedUpError
	switch {
	case errors.As(err, &dup):
		d.Already = dup.Reference
		s.renderAssist(c, http.StatusConflict, a, d, form, nil)
	case errors.Is(err, store.ErrClosed):
		c.Redirect(http.StatusSeeOther, withFlash(activityPath(a.ID), "error", "closed"))
	case err != nil:
		s.serverError(c, err)
	default:
		s.assisted(c, res.Signup)
	}
}

// assisted records the help in the audit log and shows the new sign-up.
func (s *Server) assisted(c *gin.Context, su domain.Signup) {
	err := s.store.Audit(c.Request.Context(), actor(c).Entry(domain.AuditSignupAssisted, store.SignupSubject(su.ID),
		map[string]any{"consent_read_in": su.ConsentReadIn, "status": su.Status}))
	if err != nil {
		s.serverError(c, err)
		return
	}
	c.Redirect(http.StatusSeeOther, withFlash(signupPath(su.ID), "done", "assisted"))
}

// speakToStaff rewords the form's common fields for the staff member who
// fills it in for a resident: "Beboerens navn", "Skriv beboerens navn",
// not the "Dit navn" the resident's own form says. A field staff/ has no
// words for keeps the resident's.
func speakToStaff(p *page, fields []ui.FieldView, errs []domain.FieldError) {
	codes := map[string]string{}
	for _, e := range errs {
		if _, seen := codes[e.Field]; !seen {
			codes[e.Field] = e.Code
		}
	}
	for i, f := range fields {
		if f.Use == "" {
			continue
		}
		if id := "staff.assist.label." + f.Use; p.T(id) != id {
			fields[i].Label = p.T(id)
			fields[i].LabelHTML = template.HTML(template.HTMLEscapeString(fields[i].Label))
		}
		if code := codes[f.Key]; code == domain.ErrCodeRequired || code == domain.ErrCodeConsent {
			if id := "staff.assist.empty." + f.Use; p.T(id) != id {
				fields[i].Error = p.T(id)
				fields[i].Summary = template.HTML(template.HTMLEscapeString(fields[i].Error))
			}
		}
	}
}
