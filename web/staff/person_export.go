package staff

import (
	"encoding/json"
	"fmt"
	"net/http"
	"time"

	"github.com/beboerprojekt-nordvest/tilmeld/domain"
	"github.com/beboerprojekt-nordvest/tilmeld/store"
	"github.com/gin-gonic/gin"
)

// The JSON copy of everything held about a person: field names are
// stable and in English, so the copy can be read by a machine or a
// person, and handed over as it is.
type personExport struct {
	ExportedAt time.Time        `json:"exported_at"`
	Phone      string           `json:"phone"`
	Signups    []signupExport   `json:"signups"`
	Referrals  []referralExport `json:"referrals"`
	AuditLog   []auditExport    `json:"audit_log"`
}

type signupExport struct {
	Reference       string             `json:"reference"`
	Activity        string             `json:"activity"`
	ActivityTitle   string             `json:"activity_title"`
	Status          domain.Status      `json:"status"`
	Name            string             `json:"name"`
	Phone           string             `json:"phone"`
	Department      string             `json:"department"`
	Age             *int               `json:"age"`
	Answers         domain.Answers     `json:"answers"`
	Language        string             `json:"language"`
	SignedUpAt      time.Time          `json:"signed_up_at"`
	StatusChangedAt time.Time          `json:"status_changed_at"`
	StaffNote       string             `json:"staff_note"`
	AssistedBy      string             `json:"assisted_by,omitempty"`
	Consent         consentExport      `json:"consent"`
	Attendance      []store.Attendance `json:"attendance"`
	ErasedAt        *time.Time         `json:"erased_at,omitempty"`
}

type consentExport struct {
	Version  string            `json:"version"`
	Language string            `json:"language"`
	By       domain.ConsentBy  `json:"by"`
	At       time.Time         `json:"at"`
	Texts    map[string]string `json:"texts"` // as recorded for the version and language
}

type referralExport struct {
	Number      string          `json:"number"`
	Target      string          `json:"target"`
	TargetTitle string          `json:"target_title"`
	FirstName   string          `json:"first_name"`
	Phone       string          `json:"phone"`
	Department  string          `json:"department"`
	AgeGroup    string          `json:"age_group"`
	Language    string          `json:"language"`
	Contact     string          `json:"contact"`
	Note        string          `json:"note"`
	Referrer    string          `json:"referring_organisation"`
	Status      string          `json:"status"`
	CreatedAt   time.Time       `json:"created_at"`
	Consent     consentExport   `json:"consent"`
	History     []historyExport `json:"history"`
	ErasedAt    *time.Time      `json:"erased_at,omitempty"`
}

type historyExport struct {
	At     time.Time `json:"at"`
	From   string    `json:"from"`
	To     string    `json:"to"`
	Reason string    `json:"reason,omitempty"`
}

type auditExport struct {
	At      time.Time `json:"at"`
	Action  string    `json:"action"`
	Subject string    `json:"subject"`
}

// staffPersonExport sends everything held about her as a JSON file. The
// export is audited first: without the audit line, no file.
func (s *Server) staffPersonExport(c *gin.Context) {
	person, ok := s.loadPerson(c, domain.AuditPersonExport)
	if !ok {
		return
	}
	out := personExport{ExportedAt: s.now(), Phone: person.Phone, Signups: []signupExport{}, Referrals: []referralExport{},
		AuditLog: []auditExport{}}
	for _, su := range person.Signups {
		out.Signups = append(out.Signups, exportSignup(su))
	}
	for _, r := range person.Referrals {
		out.Referrals = append(out.Referrals, s.exportReferral(c, r))
	}
	for _, l := range person.Audit {
		out.AuditLog = append(out.AuditLog, auditExport{At: l.At, Action: l.Action, Subject: l.Subject})
	}
	body, err := json.MarshalIndent(out, "", "  ")
	if err != nil {
		s.serverError(c, err)
		return
	}
	c.Header("Content-Disposition", fmt.Sprintf(`attachment; filename="tilmeld-%s.json"`, s.now().Format("2006-01-02")))
	c.Data(http.StatusOK, "application/json; charset=utf-8", body)
}

func exportSignup(su store.PersonSignup) signupExport {
	c := su.Consent()
	e := signupExport{Reference: su.Reference, Activity: su.Activity.Slug, ActivityTitle: su.Activity.Texts.Title.In(su.Lang),
		Status: su.Status, Name: su.Name, Phone: su.Phone, Department: su.Department, Age: su.Age, Answers: su.Answers,
		Language: su.Lang, SignedUpAt: su.CreatedAt, StatusChangedAt: su.StatusAt, StaffNote: su.Note,
		AssistedBy: su.AssistedByName, Attendance: su.Attendance, ErasedAt: timeOrNil(su.ErasedAt),
		Consent: consentExport{Version: c.Version, Language: c.Lang, By: c.By, At: c.At, Texts: su.ConsentTexts}}
	if e.Attendance == nil {
		e.Attendance = []store.Attendance{}
	}
	return e
}

func (s *Server) exportReferral(c *gin.Context, r store.PersonReferral) referralExport {
	e := referralExport{Number: r.Code(), Target: r.Target.String(), TargetTitle: s.targetTitle(c.Request.Context(), r.Target, domain.DefaultLang),
		FirstName: r.FirstName, Phone: r.Phone, Department: r.Department, AgeGroup: r.AgeGroup, Language: r.Language,
		Contact: r.Contact, Note: r.Note, Referrer: r.Referrer.OrgKey, Status: string(r.Status), CreatedAt: r.CreatedAt,
		Consent: consentExport{Version: r.ConsentVersion, Language: r.ConsentLang, By: r.ConsentBy, At: r.ConsentedAt,
			Texts: r.ConsentTexts},
		ErasedAt: timeOrNil(r.ErasedAt), History: []historyExport{}}
	for _, ev := range r.Events {
		e.History = append(e.History, historyExport{At: ev.At, From: string(ev.From), To: string(ev.To), Reason: ev.Reason})
	}
	return e
}

func timeOrNil(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	return &t
}
