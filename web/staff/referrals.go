package staff

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"strings"

	"github.com/beboerprojekt-nordvest/tilmeld/domain"
	"github.com/beboerprojekt-nordvest/tilmeld/store"
	"github.com/gin-gonic/gin"
)

// ReferralChanger moves a referral on. With Slack configured it is the
// bot's, which also updates the channel card and tells the referrer;
// without, the store's alone.
type ReferralChanger func(ctx context.Context, id int64, u store.StatusUpdate) (domain.Referral, error)

// SetReferralChanger replaces how staff pages change a referral's status;
// serve calls it once the Slack app exists.
func (s *Server) SetReferralChanger(f ReferralChanger) { s.changeReferral = f }

// referralsPage is the staff list of referrals.
type referralsPage struct {
	Lines    []store.ReferralLine
	Status   string
	Statuses []choice
}

// staffReferrals lists the latest referrals, without personal data.
func (s *Server) staffReferrals(c *gin.Context) {
	status := c.Query("status")
	if !domain.ReferralStatus(status).Valid() {
		status = ""
	}
	lines, err := s.store.ListReferrals(c.Request.Context(), status, 200)
	if err != nil {
		s.serverError(c, err)
		return
	}
	p := s.staffPage(c, "staff.referrals.title", nil)
	d := referralsPage{Lines: lines, Status: status}
	for _, st := range domain.ReferralStatuses() {
		d.Statuses = append(d.Statuses, choice{Value: string(st), Label: p.T("slack.status." + string(st))})
	}
	p.Data.(*staffData).Body = d
	s.render(c, http.StatusOK, "referrals", p)
}

// referralPage is one referral with the resident's details.
type referralPage struct {
	Referral domain.Referral
	Title    string
	OrgName  string
	Events   []store.ReferralEvent
	Next     []choice
	Reason   string // typed, kept on an error
	Category string // chosen, kept on an error
	// Categories are what a partner can be told about a decline; the
	// reason typed stays with staff.
	Categories []choice
	// Told is the category the partner was told of a decline.
	Told      string
	SignupRef string
	Error     string
}

// staffReferral shows one referred resident's details; the view is
// written to the audit log first, and nothing is shown if that fails.
func (s *Server) staffReferral(c *gin.Context) {
	s.renderReferral(c, http.StatusOK, referralPage{})
}

func (s *Server) renderReferral(c *gin.Context, status int, d referralPage) {
	id, ok := idParam(c)
	if !ok {
		s.notFound(c)
		return
	}
	ctx := c.Request.Context()
	r, err := s.store.ReferralByID(ctx, id)
	if errors.Is(err, store.ErrNotFound) {
		s.notFound(c)
		return
	}
	if err == nil {
		err = s.store.Audit(ctx, actor(c).Entry(domain.AuditReferralView, store.ReferralSubject(id), nil))
	}
	if err == nil {
		d.Events, err = s.store.ReferralEvents(ctx, id)
	}
	if err != nil {
		s.serverError(c, err)
		return
	}
	p := s.staffPage(c, "staff.referral.title", nil)
	d.Referral, d.Title = r, s.targetTitle(ctx, r.Target, p.Lang.Tag)
	if org, ok := s.plan.OrganisationByKey(r.Referrer.OrgKey); ok {
		d.OrgName = org.Name
	}
	for _, st := range r.Status.Next() {
		d.Next = append(d.Next, choice{Value: string(st), Label: p.T("slack.status." + string(st))})
	}
	for _, cat := range domain.DeclineCategories() {
		id := "slack.decline_category." + string(cat)
		if cat == domain.DeclineOther {
			id = "slack.decline_category.other_reason" // "other" is reserved in go-i18n
		}
		d.Categories = append(d.Categories, choice{Value: string(cat), Label: p.T(id), Selected: string(cat) == d.Category})
		if cat == r.DeclineCategory {
			d.Told = p.T(id)
		}
	}
	p.Data.(*staffData).Body = d
	s.render(c, status, "referral", p)
}

// targetTitle names what a resident was referred to.
func (s *Server) targetTitle(ctx context.Context, t domain.Target, lang string) string {
	if !t.IsActivity() {
		if o, ok := s.plan.CounsellingOfferByKey(t.OfferKey); ok {
			return o.Title.In(lang)
		}
		return t.OfferKey
	}
	a, err := s.store.ActivityByID(ctx, t.ActivityID)
	if err != nil {
		return t.String()
	}
	return a.Texts.Title.In(lang)
}

// staffReferralStatus moves a referral on, by the rules the Slack buttons
// follow; with Slack configured the card and the referrer hear of it.
func (s *Server) staffReferralStatus(c *gin.Context) {
	id, ok := idParam(c)
	if !ok {
		s.notFound(c)
		return
	}
	d := referralPage{Reason: strings.TrimSpace(c.PostForm("reason")), Category: c.PostForm("category"),
		SignupRef: strings.TrimSpace(c.PostForm("signup"))}
	me := currentStaff(c)
	_, err := s.changeReferral(c.Request.Context(), id, store.StatusUpdate{
		Change: domain.StatusChange{To: domain.ReferralStatus(c.PostForm("status")), Reason: d.Reason,
			Category: domain.DeclineCategory(d.Category)},
		SignupRef: d.SignupRef, By: domain.Actor{Kind: domain.ActorStaff, ID: me.Email}, At: s.now(), Staff: actor(c)})
	switch {
	case errors.Is(err, store.ErrNotFound):
		s.notFound(c)
	case errors.Is(err, domain.ErrTransition), errors.Is(err, domain.ErrReasonRequired),
		errors.Is(err, domain.ErrSignupRequired), errors.Is(err, domain.ErrSignupNotFound), errors.Is(err, domain.ErrReasonCPR),
		errors.Is(err, domain.ErrDeclineCategory):
		d.Error = referralErrorID(err)
		s.renderReferral(c, http.StatusUnprocessableEntity, d)
	case err != nil:
		s.serverError(c, err)
	default:
		c.Redirect(http.StatusSeeOther, withFlash("/staff/referrals/"+strconv.FormatInt(id, 10), "done", "status"))
	}
}

// referralErrorID is the message explaining why a change was refused.
func referralErrorID(err error) string {
	switch {
	case errors.Is(err, domain.ErrReasonRequired):
		return "staff.referral.error.reason"
	case errors.Is(err, domain.ErrSignupRequired):
		return "staff.referral.error.signup"
	case errors.Is(err, domain.ErrSignupNotFound):
		return "staff.referral.error.signup_not_found"
	case errors.Is(err, domain.ErrReasonCPR): // and ErrReasonPhone
		return "staff.referral.error.cpr"
	case errors.Is(err, domain.ErrDeclineCategory):
		return "slack.error.choice"
	}
	return "staff.referral.error.transition"
}

// DepartmentName names a housing department by its code.
func (p *page) DepartmentName(code string) string {
	if d, ok := p.Plan.Department(code); ok {
		return d.Name
	}
	return p.T("field.department.elsewhere")
}

// OrgName names a partner organisation by its key.
func (p *page) OrgName(key string) string {
	if o, ok := p.Plan.OrganisationByKey(key); ok {
		return o.Name
	}
	return "–"
}
