package staff

import (
	"fmt"
	"net/http"
	"strconv"

	"github.com/beboerprojekt-nordvest/tilmeld/domain"
	"github.com/beboerprojekt-nordvest/tilmeld/store"
	"github.com/gin-gonic/gin"
)

// columnKeys are the answers every export has a column of their own for.
var columnKeys = map[string]bool{domain.KeyName: true, domain.KeyPhone: true, domain.KeyDepartment: true, domain.KeyAge: true}

// staffExportSignups sends an activity's sign-ups as CSV: fixed columns,
// then one per other question on its form. The export is audited first.
func (s *Server) staffExportSignups(c *gin.Context) {
	a, ok := s.activityParam(c)
	if !ok {
		return
	}
	list, err := s.store.ListSignups(c.Request.Context(), a.ID, "")
	if err != nil {
		s.serverError(c, err)
		return
	}
	p := s.newPage(c, "")
	head := []string{p.T("staff.col.reference"), p.T("staff.col.status"), p.T("staff.col.position"), p.T("staff.col.name"),
		p.T("staff.col.phone"), p.T("staff.col.department"), p.T("staff.col.age"), p.T("staff.col.signed_up"),
		p.T("staff.col.assisted_by"), p.T("staff.col.consent_read_in"), p.T("staff.col.consent_version")}
	var extra []domain.Field
	for _, fd := range a.Form.Fields {
		if !columnKeys[fd.Key] {
			extra = append(extra, fd)
			label, _ := p.Label(fd.Label, fd.LabelID)
			head = append(head, label)
		}
	}
	rows := [][]string{head}
	for _, su := range list {
		row := []string{su.Reference, p.Status(su.Status), positionText(su.Position), su.Name, csvPhone(su.Phone),
			departmentName(p, su.Department), ageText(su.Age), su.CreatedAt.In(s.tz).Format("2006-01-02 15:04"),
			su.AssistedByName, su.ConsentReadIn, su.ConsentVersion}
		for _, fd := range extra {
			v, _ := p.answerText(fd, su.Answers[fd.Key])
			if fd.Type == domain.FieldPhone {
				v = csvPhone(v)
			}
			row = append(row, v)
		}
		rows = append(rows, row)
	}
	s.sendCSV(c, a, domain.AuditExportSignups, a.Slug+"-signups.csv", rows)
}

// staffExportAttendance sends who came to which session as CSV, with
// totals per person and per session. The export is audited first.
func (s *Server) staffExportAttendance(c *gin.Context) {
	a, ok := s.activityParam(c)
	if !ok {
		return
	}
	sheet, err := s.store.AttendanceSheet(c.Request.Context(), a.ID)
	if err != nil {
		s.serverError(c, err)
		return
	}
	p := s.newPage(c, "")
	head := []string{p.T("staff.col.reference"), p.T("staff.col.name"), p.T("staff.col.status")}
	for _, se := range sheet.Sessions {
		head = append(head, se.StartsAt.In(s.tz).Format("2006-01-02 15:04"))
	}
	rows := [][]string{append(head, p.T("staff.col.total"))}
	all := 0
	for _, r := range sheet.Rows {
		row := []string{r.Reference, r.Name, p.Status(r.Status)}
		for _, here := range r.Present {
			row = append(row, presentMark(here))
		}
		rows = append(rows, append(row, strconv.Itoa(r.Total)))
		all += r.Total
	}
	foot := []string{"", p.T("staff.col.total"), ""}
	for _, n := range sheet.PerSession {
		foot = append(foot, strconv.Itoa(n))
	}
	rows = append(rows, append(foot, strconv.Itoa(all)))
	s.sendCSV(c, a, domain.AuditExportAttend, a.Slug+"-attendance.csv", rows)
}

// sendCSV writes the audit line and then the file; without the line, no file.
func (s *Server) sendCSV(c *gin.Context, a store.ActivityWithCounts, action, name string, rows [][]string) {
	body, err := csvTable(rows)
	if err == nil {
		err = s.store.Audit(c.Request.Context(), actor(c).Entry(action, store.ActivitySubject(a.ID),
			map[string]any{"rows": len(rows) - 1}))
	}
	if err != nil {
		s.serverError(c, err)
		return
	}
	c.Header("Content-Disposition", fmt.Sprintf(`attachment; filename="%s"`, name))
	c.Data(http.StatusOK, "text/csv; charset=utf-8", body)
}

func positionText(n int) string {
	if n == 0 {
		return ""
	}
	return strconv.Itoa(n)
}

func ageText(n *int) string {
	if n == nil {
		return ""
	}
	return strconv.Itoa(*n)
}

// departmentName is a housing department as residents know it.
func departmentName(p *page, code string) string {
	if code == domain.DepartmentOther {
		return p.T("field.department.elsewhere")
	}
	if d, ok := p.Plan.Department(code); ok {
		return d.Name
	}
	return code
}

// presentMark is 1 for present, empty otherwise, so a spreadsheet can sum it.
func presentMark(here bool) string {
	if here {
		return "1"
	}
	return ""
}
