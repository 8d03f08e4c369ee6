package staff

import (
	"fmt"
	"net/http"
	"strconv"

	"github.com/beboerprojekt-nordvest/tilmeld/domain"
	"github.com/gin-gonic/gin"
)

// staffSummaryCSV sends a week's summary as CSV, as Danish Excel opens it
// (UTF-8 with a byte-order mark, ";" between cells): the same numbers as
// the page, one table after another with a blank row between. Counts
// only, so unlike the exports of sign-ups it names nobody and is not an
// entry in the audit log.
func (s *Server) staffSummaryCSV(c *gin.Context) {
	sum, ok := s.summaryOf(c)
	if !ok {
		return
	}
	p := s.newPage(c, "")
	var rows [][]string
	rows = append(rows, summaryTotals(p, sum)...)
	rows = append(rows, nil)
	rows = append(rows, summaryActivityRows(p, sum)...)
	for _, kind := range []string{"area", "department", "age"} {
		rows = append(rows, nil)
		rows = append(rows, summaryReachRows(p, kind, reachLinesOf(sum, kind))...)
	}
	rows = append(rows, nil)
	rows = append(rows, summaryOrgRows(p, sum)...)
	body, err := csvTable(rows)
	if err != nil {
		s.serverError(c, err)
		return
	}
	c.Header("Content-Disposition", fmt.Sprintf(`attachment; filename="opsummering-%s.csv"`, sum.Week))
	c.Data(http.StatusOK, "text/csv; charset=utf-8", body)
}

func reachLinesOf(sum domain.Summary, kind string) []domain.ReachLine {
	switch kind {
	case "area":
		return sum.Areas
	case "age":
		return sum.AgeGroups
	}
	return sum.Departments
}

func summaryTotals(p *page, sum domain.Summary) [][]string {
	t, b := sum.Total, sum.Before.Total
	n := strconv.Itoa
	return [][]string{
		{p.T("staff.summary.csv_week"), sum.Week.String(), p.Date(sum.Window.Start), p.Date(sum.Window.End.AddDate(0, 0, -1))},
		{p.T("staff.summary.totals"), p.T("staff.summary.col.value"), p.T("staff.summary.col.of"), p.T("staff.summary.col.rate"), p.T("staff.summary.col.before")},
		{p.T("staff.summary.new"), n(t.New), "", "", n(b.New)},
		{p.T("staff.summary.cancelled"), n(t.Cancelled), "", "", n(b.Cancelled)},
		{p.T("staff.summary.places"), n(t.Fill.Num), n(t.Fill.Den), p.RateText(t.Fill), ""},
		{p.T("staff.summary.waiting"), n(t.Waitlisted), "", "", ""},
		{p.T("staff.summary.attendance"), n(t.Attendance.Num), n(t.Attendance.Den), p.RateText(t.Attendance), ""},
		{p.T("staff.summary.attended"), n(t.Attended), "", "", ""},
		{p.T("staff.summary.referrals"), n(t.Referrals.Received), "", "", n(b.Referrals.Received)},
		{p.T("staff.summary.open"), n(t.Referrals.StillOpen), "", "", ""},
		{p.T("staff.summary.departments"), n(t.DepartmentsReached), n(len(p.Plan.Departments)), "", ""},
	}
}

func summaryActivityRows(p *page, sum domain.Summary) [][]string {
	rows := [][]string{{p.T("staff.summary.col.activity"), p.T("staff.summary.col.area"), p.T("staff.summary.col.new"),
		p.T("staff.summary.col.cancelled"), p.T("staff.summary.col.confirmed"), p.T("staff.summary.col.capacity"),
		p.T("staff.summary.col.waiting"), p.T("staff.summary.col.sessions"), p.T("staff.summary.col.present"),
		p.T("staff.summary.col.expected"), p.T("staff.summary.col.rate")}}
	for _, a := range sum.Activities {
		capacity, att := "", a.Attendance()
		if a.Capacity != nil {
			capacity = strconv.Itoa(*a.Capacity)
		}
		rows = append(rows, []string{p.Text(a.Title), p.AreaName(a.Area), strconv.Itoa(a.New), strconv.Itoa(a.Cancelled),
			strconv.Itoa(a.Confirmed), capacity, strconv.Itoa(a.Waitlisted), strconv.Itoa(len(a.Sessions)),
			strconv.Itoa(att.Num), strconv.Itoa(att.Den), p.RateText(att)})
	}
	return rows
}

func summaryReachRows(p *page, kind string, lines []domain.ReachLine) [][]string {
	rows := [][]string{{p.T(reachHeading(kind)), p.T("staff.summary.col.new"), p.T("staff.summary.col.referrals"),
		p.T("staff.summary.col.attended")}}
	for _, l := range lines {
		rows = append(rows, []string{p.ReachName(kind, l.Key), strconv.Itoa(l.Signups), strconv.Itoa(l.Referrals),
			strconv.Itoa(l.Attended)})
	}
	return rows
}

func summaryOrgRows(p *page, sum domain.Summary) [][]string {
	rows := [][]string{{p.T("staff.summary.col.org"), p.T("staff.summary.col.received"), p.T("slack.status.enrolled"),
		p.T("slack.status.waitlisted"), p.T("slack.status.declined"), p.T("slack.status.could_not_reach"),
		p.T("slack.status.withdrawn"), p.T("staff.summary.col.open")}}
	for _, o := range sum.Orgs {
		rows = append(rows, []string{p.OrgName(o.Org), strconv.Itoa(o.Received), strconv.Itoa(o.Enrolled),
			strconv.Itoa(o.Waitlisted), strconv.Itoa(o.Declined), strconv.Itoa(o.CouldNotReach),
			strconv.Itoa(o.Withdrawn), strconv.Itoa(o.StillOpen)})
	}
	return rows
}
