package staff

import (
	"errors"
	"net/http"
	"strings"
	"time"

	"github.com/beboerprojekt-nordvest/tilmeld/domain"
	"github.com/beboerprojekt-nordvest/tilmeld/locales"
	"github.com/beboerprojekt-nordvest/tilmeld/store"
	"github.com/gin-gonic/gin"
)

// accountsPage is the data of the admins' list of accounts.
type accountsPage struct {
	Staff  []domain.Staff
	Langs  []locales.Language
	Form   domain.Staff // what was typed, kept on an error
	Errors map[string]string
}

// staffAccounts lists every account, with a form to add one.
func (s *Server) staffAccounts(c *gin.Context) {
	s.renderAccounts(c, http.StatusOK, domain.Staff{Role: domain.RoleStaff, Lang: "da"}, nil)
}

func (s *Server) renderAccounts(c *gin.Context, status int, form domain.Staff, errs []domain.FieldError) {
	list, err := s.store.ListStaff(c.Request.Context())
	if err != nil {
		s.serverError(c, err)
		return
	}
	p := s.staffPage(c, "staff.accounts.title", nil)
	p.Data.(*staffData).Body = accountsPage{Staff: list, Langs: staffLangs(), Form: form, Errors: p.fieldErrors(errs)}
	s.render(c, status, "accounts", p)
}

// staffAccountAdd creates an account and shows the one-time link with
// which its owner sets a password.
func (s *Server) staffAccountAdd(c *gin.Context) {
	form := domain.Staff{Email: domain.NormaliseEmail(c.PostForm("email")), Name: strings.TrimSpace(c.PostForm("name")),
		Role: domain.Role(c.PostForm("role")), Lang: staffLang(c.PostForm("lang"))}
	if errs := domain.CheckStaffAccount(form.Email, form.Name, form.Role); len(errs) > 0 {
		s.renderAccounts(c, http.StatusUnprocessableEntity, form, errs)
		return
	}
	st, err := s.store.CreateStaff(c.Request.Context(), form)
	if errors.Is(err, store.ErrDuplicate) {
		s.renderAccounts(c, http.StatusUnprocessableEntity, form, []domain.FieldError{{Field: "email", Code: "staff.error.email_taken"}})
		return
	}
	if err != nil {
		s.serverError(c, err)
		return
	}
	if err := s.store.Audit(c.Request.Context(), actor(c).Entry(domain.AuditStaffAdded, store.StaffSubject(st.ID), nil)); err != nil {
		s.serverError(c, err)
		return
	}
	s.showPasswordLink(c, st)
}

// linkPage shows a freshly made password link, once.
type linkPage struct {
	Staff   domain.Staff
	URL     string
	Expires time.Time
}

// showPasswordLink makes a one-time link for an account and shows it to
// the admin to pass on. Only its hash is kept, so it cannot be shown again.
func (s *Server) showPasswordLink(c *gin.Context, st domain.Staff) {
	url, expires, err := NewPasswordLink(c.Request.Context(), s.store, s.cfg.BaseURL, st.ID, s.now())
	if err == nil {
		err = s.store.Audit(c.Request.Context(), actor(c).Entry(domain.AuditPasswordLink, store.StaffSubject(st.ID), nil))
	}
	if err != nil {
		s.serverError(c, err)
		return
	}
	s.render(c, http.StatusOK, "link", s.staffPage(c, "staff.link.title", linkPage{Staff: st, URL: url, Expires: expires}))
}
