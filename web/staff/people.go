package staff

import (
	"errors"
	"net/http"
	"strings"

	"github.com/beboerprojekt-nordvest/tilmeld/domain"
	"github.com/beboerprojekt-nordvest/tilmeld/store"
	"github.com/gin-gonic/gin"
)

// peoplePage is the search for one person by phone number, and what is
// held about her: the start of every right of access and erasure.
type peoplePage struct {
	Phone  string // as typed
	Error  string
	Found  bool // a search was made
	Person store.Person
	Ref    string // opaque reference to her for the links (store.PersonRef)
	Titles map[int64]string
}

// staffPeople shows the search form, and only the form: a search is a
// POST, so a phone number stays out of addresses, browser history and
// proxy logs, and a link (?phone=…) sent to a colleague or followed by a
// page she opens cannot look anyone up, or write an audit line, in her
// name.
func (s *Server) staffPeople(c *gin.Context) {
	s.renderPeople(c, http.StatusOK, peoplePage{})
}

// staffPeopleSearch finds a person by the phone number posted.
func (s *Server) staffPeopleSearch(c *gin.Context) {
	s.searchPerson(c, c.PostForm("phone"))
}

// searchPerson finds what is held under a phone number. The search is
// audited with the records it found, never with the number itself.
func (s *Server) searchPerson(c *gin.Context, typed string) {
	d := peoplePage{Phone: strings.TrimSpace(typed)}
	phone, err := domain.NormalisePhone(d.Phone)
	if err != nil {
		d.Error = s.newPage(c, "").T("staff.people.bad_phone")
		s.renderPeople(c, http.StatusUnprocessableEntity, d)
		return
	}
	ctx := c.Request.Context()
	d.Person, err = s.store.FindPerson(ctx, phone)
	if err == nil {
		err = s.store.Audit(ctx, actor(c).Entry(domain.AuditPersonSearch, "",
			map[string]any{"subjects": d.Person.Subjects()}))
	}
	if err == nil {
		d.Ref, err = s.store.PersonRef(phone, s.now())
	}
	if err != nil {
		s.serverError(c, err)
		return
	}
	d.Found, d.Titles = true, s.signupTitles(c, d.Person)
	s.renderPeople(c, http.StatusOK, d)
}

// signupTitles are the titles of the activities of her sign-ups, in the
// staff member's language.
func (s *Server) signupTitles(c *gin.Context, p store.Person) map[int64]string {
	lang := staffLang(c.GetString(ctxLang))
	out := map[int64]string{}
	for _, su := range p.Signups {
		out[su.ID] = su.Activity.Texts.Title.In(lang)
	}
	return out
}

func (s *Server) renderPeople(c *gin.Context, status int, d peoplePage) {
	s.render(c, status, "people", s.staffPage(c, "staff.people.title", d))
}

// personParam opens the :token of a person's address into her phone
// number; an expired or made-up one is a 404.
func (s *Server) personParam(c *gin.Context) (string, bool) {
	phone, err := s.store.PersonPhone(c.Param("token"), s.now())
	if err != nil {
		s.staffMessage(c, http.StatusNotFound, "staff.people.expired_title", "staff.people.expired_body")
		return "", false
	}
	return phone, true
}

// staffPersonErase erases everything held about her, at her request.
// Only admins may, and only after ticking that she asked and that it is
// her; every erased record gets its own audit line.
func (s *Server) staffPersonErase(c *gin.Context) {
	phone, ok := s.personParam(c)
	if !ok {
		return
	}
	if c.PostForm("confirm") != "yes" {
		c.Redirect(http.StatusSeeOther, withFlash("/staff/people", "error", "erase_unconfirmed"))
		return
	}
	_, err := s.store.ErasePerson(c.Request.Context(), phone, actor(c), s.now())
	if err != nil && !errors.Is(err, store.ErrNotFound) { // not found: erased already
		s.serverError(c, err)
		return
	}
	c.Redirect(http.StatusSeeOther, withFlash("/staff/people", "done", "erased"))
}
