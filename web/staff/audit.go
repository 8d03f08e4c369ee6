package staff

import (
	"fmt"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"

	"github.com/beboerprojekt-nordvest/tilmeld/domain"
	"github.com/beboerprojekt-nordvest/tilmeld/store"
	"github.com/gin-gonic/gin"
)

// auditPageSize is how many audit lines one page of the viewer shows.
const auditPageSize = 50

// auditPage is the admins' view of the append-only audit log.
type auditPage struct {
	Person string // as typed: a phone number, a reference or H-1042
	Staff  int64
	People []domain.Staff
	Lines  []auditLineView
	Older  string // address of the next, older page; "" on the last
}

// auditLineView is one line with its action and details in words.
type auditLineView struct {
	store.AuditLine
	ActionText string
	Link       string // the subject's staff page, when it has one
	Details    string
}

// staffAudit lists the audit log, newest first, for admins: all of it,
// or only what concerns one person or what one staff member did, a page
// at a time. Filtering by a person is itself audited.
func (s *Server) staffAudit(c *gin.Context) {
	ctx := c.Request.Context()
	d := auditPage{Person: strings.TrimSpace(c.Query("person"))}
	d.Staff, _ = strconv.ParseInt(c.Query("staff"), 10, 64)
	before, _ := strconv.ParseInt(c.Query("before"), 10, 64)
	f := store.AuditFilter{StaffID: d.Staff, Before: before, Limit: auditPageSize}
	var err error
	if d.Person != "" {
		if f.Subjects, err = s.store.AuditSubjects(ctx, d.Person); err == nil {
			err = s.store.Audit(ctx, actor(c).Entry(domain.AuditLogViewed, "", map[string]any{"subjects": f.Subjects}))
		}
	}
	var lines []store.AuditLine
	if err == nil && (d.Person == "" || len(f.Subjects) > 0) {
		lines, err = s.store.AuditPage(ctx, f)
	}
	if err == nil {
		d.People, err = s.store.ListStaff(ctx)
	}
	if err != nil {
		s.serverError(c, err)
		return
	}
	p := s.staffPage(c, "staff.auditlog.title", nil)
	for _, l := range lines {
		d.Lines = append(d.Lines, auditLineView{AuditLine: l, ActionText: p.T(auditActionID(l.Action)),
			Link: subjectLink(l.Subject), Details: auditDetails(l.Detail)})
	}
	if len(lines) == auditPageSize {
		q := url.Values{"person": {d.Person}, "staff": {strconv.FormatInt(d.Staff, 10)},
			"before": {strconv.FormatInt(lines[len(lines)-1].ID, 10)}}
		d.Older = "/staff/audit?" + q.Encode()
	}
	p.Data.(*staffData).Body = d
	s.render(c, http.StatusOK, "audit", p)
}

// auditActionID is the message naming an action: staff.auditlog.action.
// with the action's dots as underscores (login.ok → login_ok).
func auditActionID(action string) string {
	return "staff.auditlog.action." + strings.ReplaceAll(action, ".", "_")
}

// subjectLink is the staff page of an audit line's subject, if any.
func subjectLink(subject string) string {
	kind, id, _ := strings.Cut(subject, ":")
	switch kind {
	case "signup":
		return "/staff/signups/" + id
	case "referral":
		return "/staff/referrals/" + id
	case "activity":
		return "/staff/activities/" + id
	}
	return ""
}

// auditDetails writes an audit line's particulars as key: value pairs in
// a fixed order; the records a search found are listed by subject.
func auditDetails(d map[string]any) string {
	keys := make([]string, 0, len(d))
	for k := range d {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	parts := make([]string, 0, len(keys))
	for _, k := range keys {
		v := d[k]
		if list, ok := v.([]any); ok && k == "subjects" {
			names := make([]string, len(list))
			for i, x := range list {
				names[i] = fmt.Sprint(x)
			}
			v = strings.Join(names, ", ")
		}
		parts = append(parts, fmt.Sprintf("%s: %v", k, v))
	}
	return strings.Join(parts, " · ")
}
