package staff

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"

	"github.com/beboerprojekt-nordvest/tilmeld/domain"
	"github.com/beboerprojekt-nordvest/tilmeld/store"
	"github.com/gin-gonic/gin"
)

// indicatorsPage is the plan's indicators for a period, and which
// activities count as jobs.
type indicatorsPage struct {
	In         domain.Indicators
	From, To   string // the period as the form shows it, YYYY-MM-DD
	Jobs       []store.JobActivity
	Activities []choice // activities that can be marked as jobs
	Kinds      []choice
	Months     int
}

// staffIndicators shows the indicators for ?from= to ?to= (dates),
// this year so far by default.
func (s *Server) staffIndicators(c *gin.Context) {
	in, ok := s.indicatorsOf(c)
	if !ok {
		return
	}
	ctx := c.Request.Context()
	jobs, err := s.store.JobActivities(ctx)
	var acts []store.ActivityWithCounts
	if err == nil {
		acts, err = s.store.StaffActivities(ctx, false)
	}
	if err != nil {
		s.serverError(c, err)
		return
	}
	p := s.staffPage(c, "staff.indicators.title", nil)
	d := indicatorsPage{In: in, From: in.Period.From.Format("2006-01-02"), To: in.Period.To.Format("2006-01-02"),
		Jobs: jobs, Months: domain.RetentionMonths}
	for _, a := range acts {
		d.Activities = append(d.Activities, choice{Value: strconv.FormatInt(a.ID, 10), Label: p.Text(a.Texts.Title)})
	}
	for _, k := range domain.JobKinds() {
		d.Kinds = append(d.Kinds, choice{Value: string(k), Label: p.JobKindName(k)})
	}
	p.Data.(*staffData).Body = d
	s.render(c, http.StatusOK, "indicators", p)
}

// indicatorsOf counts the indicators for the period in the address,
// answering itself when the dates do not make a period.
func (s *Server) indicatorsOf(c *gin.Context) (domain.Indicators, bool) {
	period := domain.YearToDate(s.now(), s.tz)
	if from, to := c.Query("from"), c.Query("to"); from != "" || to != "" {
		var err error
		if period, err = domain.ParsePeriod(from, to); err != nil {
			c.Redirect(http.StatusSeeOther, withFlash("/staff/indicators", "error", "period"))
			return domain.Indicators{}, false
		}
	}
	in, err := s.store.Indicators(c.Request.Context(), period, s.tz, s.now())
	if err != nil {
		s.serverError(c, err)
		return in, false
	}
	return in, true
}

// staffJobKind marks an activity as a kind of job, or with an empty kind
// unmarks it. It is a change to the activity, and audited as one.
func (s *Server) staffJobKind(c *gin.Context) {
	id, err := strconv.ParseInt(c.PostForm("activity"), 10, 64)
	kind := domain.JobKind(c.PostForm("kind"))
	if err != nil || (kind != "" && !kind.Valid()) {
		c.Redirect(http.StatusSeeOther, withFlash("/staff/indicators", "error", "job_kind"))
		return
	}
	ctx := c.Request.Context()
	err = s.store.SetJobKind(ctx, id, kind, actor(c))
	if errors.Is(err, store.ErrNotFound) {
		s.notFound(c)
		return
	}
	if err == nil {
		err = s.store.Audit(ctx, actor(c).Entry(domain.AuditActivityUpdate, store.ActivitySubject(id),
			map[string]any{"job_kind": string(kind)}))
	}
	if err != nil {
		s.serverError(c, err)
		return
	}
	c.Redirect(http.StatusSeeOther, withFlash("/staff/indicators", "done", "job_kind")+"#jobs")
}

// staffIndicatorsCSV sends the indicators as CSV, as Danish Excel opens
// it. Counts only: not an entry in the audit log.
func (s *Server) staffIndicatorsCSV(c *gin.Context) {
	in, ok := s.indicatorsOf(c)
	if !ok {
		return
	}
	p := s.newPage(c, "")
	n := strconv.Itoa
	rows := [][]string{
		{p.T("staff.indicators.csv_period"), in.Period.From.Format("2006-01-02"), in.Period.To.Format("2006-01-02")},
		nil,
		{p.T("staff.indicators.retention"), p.T("staff.indicators.col.guided"), p.T("staff.indicators.col.due"),
			p.T("staff.indicators.col.still"), p.T("staff.indicators.col.rate")},
	}
	for _, r := range append(in.Retention, in.Youth) {
		name := p.Text(r.Title)
		if r.ActivityID == 0 {
			name = p.T("staff.indicators.total")
		}
		rows = append(rows, []string{name, n(r.Guided), n(r.Due), n(r.Still), p.RateText(r.Rate())})
	}
	rows = append(rows, nil, []string{p.T("staff.indicators.jobs"), p.T("staff.indicators.col.kind"),
		p.T("staff.indicators.col.ends"), p.T("staff.indicators.col.placed"), p.T("staff.indicators.col.held"),
		p.T("staff.indicators.col.rate")})
	for _, j := range append(in.Jobs, in.JobTotals...) {
		name, ends := p.Text(j.Title), ""
		if j.ActivityID == 0 {
			name = p.T("staff.indicators.total")
		} else {
			ends = j.Ends.In(s.tz).Format("2006-01-02")
		}
		rows = append(rows, []string{name, p.JobKindName(j.Kind), ends, n(j.Placed), n(j.Held), p.RateText(j.Rate())})
	}
	body, err := csvTable(rows)
	if err != nil {
		s.serverError(c, err)
		return
	}
	c.Header("Content-Disposition", fmt.Sprintf(`attachment; filename="indikatorer-%s-%s.csv"`,
		in.Period.From.Format("20060102"), in.Period.To.Format("20060102")))
	c.Data(http.StatusOK, "text/csv; charset=utf-8", body)
}

// JobKindName names a kind of job.
func (p *page) JobKindName(k domain.JobKind) string { return p.T("staff.indicators.kind." + string(k)) }
