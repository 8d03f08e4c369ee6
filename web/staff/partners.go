package staff

import (
	"errors"
	"net/http"

	"github.com/beboerprojekt-nordvest/tilmeld/domain"
	"github.com/beboerprojekt-nordvest/tilmeld/store"
	"github.com/gin-gonic/gin"
)

// partnersPage lists the partners known from Slack with their organisation.
type partnersPage struct {
	Users []store.SlackUser
	Orgs  []choice
}

// staffPartners shows which organisation each Slack partner refers for,
// so staff can correct a wrong pick: referrals are counted per organisation.
func (s *Server) staffPartners(c *gin.Context) {
	users, err := s.store.ListSlackUsers(c.Request.Context())
	if err != nil {
		s.serverError(c, err)
		return
	}
	d := partnersPage{Users: users}
	for _, o := range s.plan.Organisations {
		d.Orgs = append(d.Orgs, choice{Value: o.Key, Label: o.Name})
	}
	p := s.staffPage(c, "staff.partners.title", d)
	s.render(c, http.StatusOK, "partners", p)
}

// staffPartnerOrg corrects a partner's organisation.
func (s *Server) staffPartnerOrg(c *gin.Context) {
	team, user, org := c.PostForm("team"), c.PostForm("user"), c.PostForm("org")
	if _, ok := s.plan.OrganisationByKey(org); !ok {
		c.Redirect(http.StatusSeeOther, withFlash("/staff/partners", "error", "unknown_org"))
		return
	}
	ctx := c.Request.Context()
	if _, err := s.store.SlackUser(ctx, team, user); errors.Is(err, store.ErrNotFound) {
		s.notFound(c)
		return
	}
	err := s.store.SetSlackUserOrg(ctx, team, user, org)
	if err == nil {
		err = s.store.Audit(ctx, actor(c).Entry(domain.AuditPartnerOrg, "slack:"+team+"/"+user, map[string]any{"org": org}))
	}
	if err != nil {
		s.serverError(c, err)
		return
	}
	c.Redirect(http.StatusSeeOther, withFlash("/staff/partners", "done", "partner_org"))
}
