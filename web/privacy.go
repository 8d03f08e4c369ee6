package web

import (
	"net/http"

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

// DefaultController names the data controller when none is configured.
const DefaultController = "Beboerprojekt Nordvest"

// filled is the notice's settings with the defaults in place.
func (p Privacy) filled() Privacy {
	if p.Controller == "" {
		p.Controller = DefaultController
	}
	if p.RetentionDays == 0 {
		p.RetentionDays = domain.DefaultRetentionDays
	}
	return p
}

// privacyPage is the privacy notice at /privatliv, in the resident's
// language: who is responsible, what is kept and why, where, for how
// long, and how to see, copy, correct or delete it.
func (s *Server) privacyPage(c *gin.Context) {
	s.render(c, http.StatusOK, "privacy", s.newPage(c, "privacy.title", s.cfg.Privacy.filled()))
}
