package web

import (
	"fmt"
	"net/http"
	"strings"

	"github.com/beboerprojekt-nordvest/tilmeld/domain"
	"github.com/gin-gonic/gin"
)

// Privacy is what the privacy notice says that is particular to this
// installation, read from configuration (TILMELD_PRIVACY_*).
type Privacy struct {
	Controller    string // the data controller, e.g. the housing associations' plan
	Contact       string // where to ask about one's data: an e-mail address or a phone number
	RetentionDays int    // days after an activity ends that its personal data is kept
}

// facts are the privacy facts this installation states. What is not
// configured comes from the plan: its name as the controller, its e-mail
// (or phone) as the contact, so the notice always says whom to ask.
func (p Privacy) facts(pl *domain.Plan) (domain.PrivacyFacts, error) {
	f := domain.PrivacyFacts{Controller: p.Controller, Contact: p.Contact, RetentionDays: p.RetentionDays}
	if f.Controller == "" && pl != nil {
		f.Controller = pl.Name
	}
	if f.Contact == "" && pl != nil {
		f.Contact = strings.TrimSpace(pl.Contact.Email)
		if f.Contact == "" {
			f.Contact = strings.TrimSpace(pl.Contact.Phone)
		}
	}
	if f.RetentionDays == 0 {
		f.RetentionDays = domain.DefaultRetentionDays
	}
	if err := f.Check(); err != nil {
		return f, fmt.Errorf("web: %w", err)
	}
	return f, nil
}

// privacyPage is the privacy notice at /privatliv, in the resident's
// language: who is responsible, what is kept and why, on what basis,
// where and through whom, for how long, and how to see, copy, correct
// or delete it.
func (s *Server) privacyPage(c *gin.Context) {
	s.render(c, http.StatusOK, "privacy", s.newPage(c, "privacy.title", s.facts))
}
