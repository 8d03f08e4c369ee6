package staff

import (
	"errors"
	"net/http"
	"net/url"
	"strconv"

	"github.com/beboerprojekt-nordvest/tilmeld/domain"
	"github.com/beboerprojekt-nordvest/tilmeld/store"
	"github.com/gin-gonic/gin"
)

// newActivityDraft is where a new activity starts: closed, with the
// fields nearly every form has, ending with consent.
func newActivityDraft() activityDraft {
	d := activityDraft{Area: string(domain.AreaEducation), Texts: map[string]domain.Text{}}
	for _, k := range []string{domain.KeyName, domain.KeyPhone, domain.KeyDepartment, domain.KeyConsent} {
		d.Fields = append(d.Fields, fieldDraft{Key: k, Use: k})
	}
	d.Sessions = []sessionDraft{{Minutes: "60"}}
	d.Reminder = string(domain.ReminderDayBefore)
	d.OfferHours = strconv.Itoa(domain.DefaultOfferHours)
	return d
}

// staffActivityNew shows the editor for a new activity.
func (s *Server) staffActivityNew(c *gin.Context) {
	s.renderEditor(c, http.StatusOK, newActivityDraft(), nil)
}

// staffActivityEdit shows the editor for an activity.
func (s *Server) staffActivityEdit(c *gin.Context) {
	a, ok := s.activityParam(c)
	if !ok {
		return
	}
	d, err := s.withReminder(c.Request.Context(), draftOf(a.Activity, s.tz))
	if err == nil {
		d, err = s.withOfferHours(c.Request.Context(), d)
	}
	if err != nil {
		s.serverError(c, err)
		return
	}
	s.renderEditor(c, http.StatusOK, d, nil)
}

func (s *Server) renderEditor(c *gin.Context, status int, d activityDraft, errs []domain.FieldError) {
	action := "/staff/activities/new"
	title := "staff.edit.new_title"
	if d.ID != 0 {
		action, title = activityPath(d.ID)+"/edit", "staff.edit.title"
	}
	p := s.staffPage(c, title, nil)
	p.Data.(*staffData).Body = p.editView(d, action, errs)
	s.render(c, status, "edit", p)
}

// editorSubmit reads the editor. For any op but save it shows the changed
// draft again; for save it returns the checked activity, or shows the
// errors and returns false.
func (s *Server) editorSubmit(c *gin.Context, d activityDraft) (domain.Activity, bool) {
	if op := c.PostForm("op"); op != opSave {
		d.apply(op, c.PostForm("add"))
		s.renderEditor(c, http.StatusOK, d, nil)
		return domain.Activity{}, false
	}
	a, errs := d.activity(s.tz)
	errs = append(errs, a.CheckEdit(s.plan)...)
	errs = append(errs, d.reminderErrors()...)
	errs = append(errs, d.offerErrors()...)
	if len(errs) > 0 {
		s.renderEditor(c, http.StatusUnprocessableEntity, d, errs)
		return a, false
	}
	return a, true
}

// staffActivityCreate saves a new activity, closed until staff open it.
func (s *Server) staffActivityCreate(c *gin.Context) {
	form, ok := s.readForm(c)
	if !ok {
		return
	}
	d := parseDraft(form)
	a, ok := s.editorSubmit(c, d)
	if !ok {
		return
	}
	id, err := s.store.CreateStaffActivity(c.Request.Context(), a, actor(c))
	if errors.Is(err, store.ErrDuplicate) {
		s.renderEditor(c, http.StatusUnprocessableEntity, d, []domain.FieldError{{Field: "slug", Code: "staff.error.slug_taken"}})
		return
	}
	if err == nil {
		err = s.saveReminder(c.Request.Context(), id, d)
	}
	if err == nil {
		err = s.saveOfferHours(c.Request.Context(), id, d)
	}
	if err != nil {
		s.serverError(c, err)
		return
	}
	c.Redirect(http.StatusSeeOther, withFlash(activityPath(id), "done", "created"))
}

// staffActivitySave saves an edit. The slug stays: posters point to it.
func (s *Server) staffActivitySave(c *gin.Context) {
	cur, ok := s.activityParam(c)
	if !ok {
		return
	}
	form, ok := s.readForm(c)
	if !ok {
		return
	}
	d := parseDraft(form)
	d.ID, d.Slug = cur.ID, cur.Slug
	a, ok := s.editorSubmit(c, d)
	if !ok {
		return
	}
	_, err := s.store.UpdateActivity(c.Request.Context(), a, actor(c))
	if err == nil {
		err = s.saveReminder(c.Request.Context(), a.ID, d)
	}
	if err == nil {
		err = s.saveOfferHours(c.Request.Context(), a.ID, d)
	}
	switch {
	case errors.Is(err, store.ErrInUse):
		s.renderEditor(c, http.StatusConflict, d, []domain.FieldError{{Field: "sessions", Code: "staff.error.session_attended"}})
	case errors.Is(err, store.ErrDuplicate):
		s.renderEditor(c, http.StatusUnprocessableEntity, d, []domain.FieldError{{Field: "sessions", Code: domain.ErrCodeSessionTwice}})
	case err != nil:
		s.serverError(c, err)
	default:
		c.Redirect(http.StatusSeeOther, withFlash(activityPath(a.ID), "done", "saved"))
	}
}

// readForm parses a posted form, answering a body too large or malformed.
func (s *Server) readForm(c *gin.Context) (url.Values, bool) {
	if err := c.Request.ParseForm(); err != nil {
		s.badForm(c, err)
		return nil, false
	}
	return c.Request.PostForm, true
}
