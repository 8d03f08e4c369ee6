package staff

import (
	"net/http"

	"github.com/beboerprojekt-nordvest/tilmeld/locales"
	"github.com/gin-gonic/gin"
)

// profilePage is the data of the person's own page.
type profilePage struct {
	Langs []locales.Language
}

// staffProfile shows the person's account and the language choice.
func (s *Server) staffProfile(c *gin.Context) {
	s.render(c, http.StatusOK, "profile", s.staffPage(c, "staff.profile.title", profilePage{Langs: staffLangs()}))
}

// staffProfileSave changes the language the workspace speaks to the person.
func (s *Server) staffProfileSave(c *gin.Context) {
	lang := c.PostForm("lang")
	if staffLang(lang) != lang {
		s.staffMessage(c, http.StatusBadRequest, "error.badrequest.title", "error.badrequest.body")
		return
	}
	if err := s.store.SetStaffLang(c.Request.Context(), currentStaff(c).ID, lang); err != nil {
		s.serverError(c, err)
		return
	}
	c.Redirect(http.StatusSeeOther, withFlash("/staff/profile", "done", "saved"))
}
