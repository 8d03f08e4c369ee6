package staff

import (
	"errors"
	"net/http"
	"time"

	"github.com/beboerprojekt-nordvest/tilmeld/domain"
	"github.com/gin-gonic/gin"
)

// summaryPage is one week's summary: the same numbers the Monday message
// in Slack has, every line of them, with the weeks around it.
type summaryPage struct {
	S          domain.Summary
	Prev, Next string // ISO weeks to link to; Next is "" while it has not ended
	Sunday     time.Time
	Without    []domain.Department
}

// staffSummary shows a past week's summary, last week's by default.
func (s *Server) staffSummary(c *gin.Context) {
	sum, ok := s.summaryOf(c)
	if !ok {
		return
	}
	d := summaryPage{S: sum, Prev: sum.Week.Prev().String(), Sunday: sum.Window.End.AddDate(0, 0, -1),
		Without: sum.DepartmentsWithout()}
	if sum.Week.Next().Completed(s.now(), s.tz) {
		d.Next = sum.Week.Next().String()
	}
	p := s.staffPage(c, "staff.summary.title", d)
	s.render(c, http.StatusOK, "summary", p)
}

// summaryOf builds the summary of the week in ?week= (a number such as
// 48 or an ISO week such as 2026-W48; last week when empty), answering
// itself when there is none to show.
func (s *Server) summaryOf(c *gin.Context) (domain.Summary, bool) {
	w, err := domain.ResolveWeek(c.Query("week"), s.now(), s.tz)
	if errors.Is(err, domain.ErrWeekNotOver) {
		s.staffMessage(c, http.StatusNotFound, "staff.summary.title", "staff.summary.not_over")
		return domain.Summary{}, false
	}
	if err != nil {
		s.staffMessage(c, http.StatusNotFound, "staff.summary.title", "staff.summary.bad_week")
		return domain.Summary{}, false
	}
	sum, err := s.store.WeekSummary(c.Request.Context(), s.plan, w)
	if err != nil {
		s.serverError(c, err)
		return sum, false
	}
	return sum, true
}

// RateText writes a rate the way the page's language does, "–" when
// there is nothing to divide by.
func (p *page) RateText(r domain.Rate) string { return r.Text(p.Lang.Tag) }

// Delta writes a change against the week before: +3, −2 or ±0.
func (p *page) Delta(now, before int) string { return domain.Delta(now, before) }

// AgeName names an age group, or the lack of an age.
func (p *page) AgeName(key string) string { return p.T("slack.age." + key) }

// reachTable is one of the summary's tables of what reached each area,
// department or age group.
type reachTable struct {
	P       *page
	Kind    string
	Heading string
	Label   string // of the column that names the lines
	Lines   []domain.ReachLine
}

// Reach is the data of one reach table.
func (p *page) Reach(kind string, lines []domain.ReachLine) reachTable {
	label := map[string]string{"area": "staff.summary.col.area", "department": "staff.col.department", "age": "staff.col.age"}[kind]
	return reachTable{P: p, Kind: kind, Heading: p.T(reachHeading(kind)), Label: p.T(label), Lines: lines}
}

func reachHeading(kind string) string {
	switch kind {
	case "area":
		return "staff.summary.areas"
	case "age":
		return "staff.summary.ages"
	}
	return "staff.summary.departments_heading"
}

// ReachName names a line of areas, departments or age groups by its kind.
func (p *page) ReachName(kind, key string) string {
	switch kind {
	case "area":
		return p.AreaName(domain.Area(key))
	case "age":
		return p.AgeName(key)
	}
	if key == domain.UnknownKey {
		return p.T("staff.summary.department_unknown")
	}
	return p.DepartmentName(key)
}
