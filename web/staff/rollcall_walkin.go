package staff

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"

	"github.com/beboerprojekt-nordvest/tilmeld/domain"
	"github.com/beboerprojekt-nordvest/tilmeld/locales"
	"github.com/beboerprojekt-nordvest/tilmeld/store"
	"github.com/gin-gonic/gin"
)

// walkIn is the roll call's form for someone who turns up without a
// place, as it was typed, with what to fix.
type walkIn struct {
	Name, Phone string
	ReadIn      string // the language the consent was read aloud in
	Languages   []locales.Language
	Errors      []string
}

// staffRollCallWalkIn signs up someone who came without a place, through
// the same store call as an assisted sign-up (recording who helped and
// the language the consent was read aloud in), and marks her present at
// this session, with a place even when the activity is full.
func (s *Server) staffRollCallWalkIn(c *gin.Context) {
	a, ok := s.activityParam(c)
	if !ok {
		return
	}
	sid, ok := sessionParam(c)
	if !ok {
		s.notFound(c)
		return
	}
	form, ok := s.readForm(c)
	if !ok {
		return
	}
	ctx := c.Request.Context()
	if _, err := s.store.RollCall(ctx, a.ID, sid); err != nil {
		if errors.Is(err, store.ErrNotFound) {
			s.notFound(c)
		} else {
			s.serverError(c, err)
		}
		return
	}
	w := walkIn{Name: form.Get(domain.KeyName), Phone: form.Get(domain.KeyPhone), ReadIn: form.Get(readInField)}
	now := s.now()
	ans, errs := domain.ValidateWalkIn(form, now)
	p := s.newPage(c, "")
	if _, known := locales.Lookup(w.ReadIn); !known {
		w.Errors = append(w.Errors, p.T("staff.assist.read_in_required"))
	}
	for _, e := range errs {
		w.Errors = append(w.Errors, p.T("staff.walkin.error."+e.Field))
	}
	if len(w.Errors) > 0 {
		s.renderRollCall(c, http.StatusUnprocessableEntity, a, sid, w)
		return
	}
	su := domain.NewSignup(a.Activity, ans, w.ReadIn, domain.NewToken(), now)
	su.AssistedBy, su.ConsentReadIn = currentStaff(c).ID, w.ReadIn
	res, err := s.store.CreateSignup(ctx, su)
	var dup *store.AlreadySignedUpError
	back := fmt.Sprintf("%s/sessions/%d", activityPath(a.ID), sid)
	switch {
	case errors.As(err, &dup):
		w.Errors = []string{p.T("staff.assist.already", "Reference", dup.Reference)}
		s.renderRollCall(c, http.StatusConflict, a, sid, w)
		return
	case errors.Is(err, store.ErrClosed):
		c.Redirect(http.StatusSeeOther, withFlash(activityPath(a.ID), "error", "closed"))
		return
	case err != nil:
		s.serverError(c, err)
		return
	}
	su = res.Signup
	if err := s.store.Audit(ctx, actor(c).Entry(domain.AuditSignupAssisted, store.SignupSubject(su.ID),
		map[string]any{"consent_read_in": su.ConsentReadIn, "status": su.Status, "walk_in": true})); err != nil {
		s.serverError(c, err)
		return
	}
	// She is here: a full activity put her on the waiting list, but she
	// is counted and holds a place beyond capacity, audited as staff's
	// override with the reason below; nobody else is moved.
	_, err = s.store.AttendWalkIn(ctx, store.WalkIn{ActivityID: a.ID, SessionID: sid, SignupID: su.ID,
		Reason: p.T("staff.walkin.reason"), By: actor(c)})
	if err != nil {
		s.serverError(c, err)
		return
	}
	c.Redirect(http.StatusSeeOther, back+"#p-"+strconv.FormatInt(su.ID, 10))
}
