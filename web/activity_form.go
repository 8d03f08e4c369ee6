package web

import (
	"errors"
	"net/http"

	"github.com/beboerprojekt-nordvest/tilmeld/domain"
	"github.com/beboerprojekt-nordvest/tilmeld/store"
	"github.com/gin-gonic/gin"
)

// formPage is the data of an activity's sign-up page.
type formPage struct {
	Activity activityCard
	Fields   []fieldView
	Errors   []fieldView // the fields with errors, for the summary
	Idem     string
}

// loadActivity fetches the activity named in the URL, answering 404 or an
// error page itself when it cannot.
func (s *Server) loadActivity(c *gin.Context) (store.ActivityWithCounts, bool) {
	a, err := s.store.ActivityBySlug(c.Request.Context(), c.Param("slug"))
	if errors.Is(err, store.ErrNotFound) || (err == nil && a.Archived) {
		s.notFound(c)
		return a, false
	}
	if err != nil {
		s.serverError(c, err)
		return a, false
	}
	return a, true
}

// activityForm shows an activity and its sign-up form.
func (s *Server) activityForm(c *gin.Context) {
	a, ok := s.loadActivity(c)
	if !ok {
		return
	}
	if !a.AcceptsSignups() {
		s.renderClosed(c, http.StatusOK, a)
		return
	}
	s.renderForm(c, http.StatusOK, a, nil, nil, domain.NewToken())
}

func (s *Server) renderForm(c *gin.Context, status int, a store.ActivityWithCounts, in map[string][]string, errs []domain.FieldError, idem string) {
	data := &formPage{Activity: newCard(a), Idem: idem}
	p := s.newPage(c, "", data)
	p.Title = p.Text(a.Texts.Title)
	if len(errs) > 0 {
		p.Title = p.T("form.error_title_prefix") + " " + p.Title
	}
	data.Fields = p.fieldViews(a.Form, in, errs)
	for _, f := range data.Fields {
		if f.Error != "" {
			data.Errors = append(data.Errors, f)
		}
	}
	s.render(c, status, "form", p)
}

func (s *Server) renderClosed(c *gin.Context, status int, a store.ActivityWithCounts) {
	p := s.newPage(c, "", newCard(a))
	p.Title = p.Text(a.Texts.Title)
	s.render(c, status, "closed", p)
}
