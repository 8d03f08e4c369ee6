package staff

import (
	"github.com/gin-gonic/gin"
)

// Mount registers the workspace under /staff/.
func (s *Server) Mount(r gin.IRouter) {
	open := r.Group("/staff", staffHeaders, s.staffLanguage)
	open.GET("/login", s.staffLoginPage)
	open.POST("/login", s.cfg.LoginLimit, s.limitBody, s.staffLoginSubmit)
	open.GET("/password/:token", s.staffPasswordPage)
	open.POST("/password/:token", s.limitBody, s.staffPasswordSubmit)
	open.GET("/assets/:file", s.serveStaffAsset)

	g := r.Group("/staff", staffHeaders, s.staffLanguage, s.requireStaff, s.limitBody)
	g.GET("/", s.staffActivities)
	g.POST("/logout", s.staffLogout)
	g.GET("/profile", s.staffProfile)
	g.POST("/profile", s.staffProfileSave)

	adm := g.Group("/accounts", s.requireAdmin)
	adm.GET("", s.staffAccounts)
	adm.POST("", s.staffAccountAdd)
	adm.POST("/:id/deactivate", s.staffAccountDeactivate)
	adm.POST("/:id/link", s.staffAccountLink)

	g.GET("/activities/new", s.staffActivityNew)
	g.POST("/activities/new", s.staffActivityCreate)
	g.GET("/activities/:id", s.staffActivity)
	g.GET("/activities/:id/edit", s.staffActivityEdit)
	g.POST("/activities/:id/edit", s.staffActivitySave)
	g.POST("/activities/:id/duplicate", s.staffActivityDuplicate)
	g.POST("/activities/:id/archive", s.staffActivityArchive)
	g.POST("/activities/:id/open", s.staffActivityOpen)
	g.GET("/activities/:id/assist", s.staffAssistForm)
	g.POST("/activities/:id/assist", s.staffAssistSubmit)
	g.GET("/activities/:id/sessions/:session", s.staffRollCall)
	g.POST("/activities/:id/sessions/:session", s.staffRollCallMark)
	g.POST("/activities/:id/sessions/:session/walk-in", s.staffRollCallWalkIn)
	g.GET("/activities/:id/attendance", s.staffAttendance)
	g.GET("/activities/:id/export/signups.csv", s.staffExportSignups)
	g.GET("/activities/:id/export/attendance.csv", s.staffExportAttendance)

	g.GET("/signups/:id", s.staffSignup)
	g.POST("/signups/:id/status", s.staffSignupStatus)
	g.POST("/signups/:id/note", s.staffSignupNote)

	// A person's rights: find her by phone, a copy of everything held
	// (readable, in her language, or JSON), and erasure (admins only).
	g.GET("/people", s.staffPeople)
	g.POST("/people", s.staffPeopleSearch)
	g.GET("/people/:token", s.staffPersonPage)
	g.GET("/people/:token/export.json", s.staffPersonExport)
	g.POST("/people/:token/erase", s.requireAdmin, s.staffPersonErase)
	g.GET("/audit", s.requireAdmin, s.staffAudit)

	// Weekly summaries and the plan's indicators: counts only.
	g.GET("/summary", s.staffSummary)
	g.GET("/summary.csv", s.staffSummaryCSV)
	g.GET("/indicators", s.staffIndicators)
	g.GET("/indicators.csv", s.staffIndicatorsCSV)
	g.POST("/indicators/jobs", s.staffJobKind)

	g.GET("/replies", s.staffReplies)
	g.POST("/replies/:id/handled", s.staffReplyHandled)

	g.GET("/referrals", s.staffReferrals)
	g.GET("/referrals/:id", s.staffReferral)
	g.POST("/referrals/:id/status", s.staffReferralStatus)
	g.GET("/partners", s.staffPartners)
	g.POST("/partners/org", s.staffPartnerOrg)
}

// staffHeaders lets staff pages load their own script (the roll call
// works without it, and better with it) and keeps what they show out of
// caches and search engines.
func staffHeaders(c *gin.Context) {
	h := c.Writer.Header()
	h.Set("Content-Security-Policy", "default-src 'none'; style-src 'self'; script-src 'self'; connect-src 'self'; "+
		"img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'")
	h.Set("Cache-Control", "no-store")
	h.Set("X-Robots-Tag", "noindex, nofollow")
	c.Next()
}
