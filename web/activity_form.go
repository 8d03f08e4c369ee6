package web

import (
	"errors"
	"net/http"

	"github.com/beboerprojekt-nordvest/tilmeld/domain"
	"github.com/beboerprojekt-nordvest/tilmeld/store"
	"github.com/beboerprojekt-nordvest/tilmeld/web/ui"
	"github.com/gin-gonic/gin"
)

// formPage is the data of an activity's sign-up page.
type formPage struct {
	Activity ui.ActivityCard
	Fields   []ui.FieldView
	Errors   []ui.FieldView // the fields with errors, for the summary
	Idem     string         // the form token (form_token.go)
	Notice   string         // above the form: why it came back unsent, if it did
	// SMS shows the tick "send me SMS about this sign-up" (SMS is on);
	// SMSTicked is its state.
	SMS, SMSTicked bool
}

// loadActivity fetches the activity named in the URL (from the cache when
// there is one), answering 404 or an error page itself when it cannot.
func (s *Server) loadActivity(c *gin.Context) (*cachedActivity, bool) {
	var e *cachedActivity
	var err error
	if s.activities != nil {
		e, err = s.activities.get(c.Request.Context(), c.Param("slug"), s.store.ActivityBySlug)
	} else {
		var a store.ActivityWithCounts
		a, err = s.store.ActivityBySlug(c.Request.Context(), c.Param("slug"))
		e = &cachedActivity{ActivityWithCounts: a, pages: map[string][]byte{}}
	}
	if errors.Is(err, store.ErrNotFound) || (err == nil && e.Archived) {
		s.notFound(c)
		return nil, false
	}
	if err != nil {
		s.serverError(c, err)
		return nil, false
	}
	return e, true
}

// activityForm shows an activity and its sign-up form.
func (s *Server) activityForm(c *gin.Context) {
	e, ok := s.loadActivity(c)
	if !ok {
		return
	}
	if !e.AcceptsSignups() {
		s.renderClosed(c, http.StatusOK, e.ActivityWithCounts)
		return
	}
	lang := c.GetString(ctxLang)
	tok, err := s.formToken(e.Slug, domain.NewToken())
	if err != nil {
		s.serverError(c, err)
		return
	}
	page, err := e.page(lang, tok, func() ([]byte, error) {
		return s.renderBytes("form", s.formPage(c, e.ActivityWithCounts, nil, nil, tokenPlaceholder))
	})
	if err != nil {
		s.serverError(c, err)
		return
	}
	c.Header("Cache-Control", "no-store")
	c.Data(http.StatusOK, "text/html; charset=utf-8", page)
}

// renderForm shows the form again with what she typed, its errors, and
// the notice with id noticeID if not "", under a new token with her key.
func (s *Server) renderForm(c *gin.Context, status int, a store.ActivityWithCounts, in map[string][]string, errs []domain.FieldError, idem, noticeID string) {
	tok, err := s.formToken(a.Slug, idem)
	if err != nil {
		s.serverError(c, err)
		return
	}
	p := s.formPage(c, a, in, errs, tok)
	if noticeID != "" {
		p.Data.(*formPage).Notice = p.T(noticeID)
	}
	s.render(c, status, "form", p)
}

// formPage lays out an activity's form with what was typed and its errors.
func (s *Server) formPage(c *gin.Context, a store.ActivityWithCounts, in map[string][]string, errs []domain.FieldError, idem string) *ui.Page {
	data := &formPage{Activity: ui.NewCard(a), Idem: idem, SMS: s.cfg.SMS, SMSTicked: ui.SMSTicked(in)}
	p := s.newPage(c, "", data)
	p.Title = p.Text(a.Texts.Title)
	if len(errs) > 0 {
		p.Title = p.T("form.error_title_prefix") + " " + p.Title
	}
	data.Fields = p.ActivityFieldViews(a.Activity, in, errs)
	for _, f := range data.Fields {
		if f.Error != "" {
			data.Errors = append(data.Errors, f)
		}
	}
	return p
}

func (s *Server) renderClosed(c *gin.Context, status int, a store.ActivityWithCounts) {
	p := s.newPage(c, "", ui.NewCard(a))
	p.Title = p.Text(a.Texts.Title)
	s.render(c, status, "closed", p)
}
