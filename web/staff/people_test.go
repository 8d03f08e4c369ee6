package staff_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/beboerprojekt-nordvest/tilmeld/domain"
	"github.com/beboerprojekt-nordvest/tilmeld/store"
)

// personLinks reads the readable page's and the export's addresses off
// the search result.
var personLinks = regexp.MustCompile(`href="(/staff/people/[^"/]+)"`)

// TestStaffFindExportAndEraseAPerson exercises a resident's rights the
// way staff do: find her by phone, show her everything in her language,
// hand her the JSON copy, and (an admin, when she asks) erase her. Each
// step is in the audit log, which never holds her number.
func TestStaffFindExportAndEraseAPerson(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s := newStaffSite(t)
	s.account("kim@example.dk", domain.RoleStaff)
	s.account("leder@example.dk", domain.RoleAdmin)
	form := mamaMoveForm(idem(t, s.get("/a/mamamove?lang=so").body))
	form.Set("name", "Testperson Hawa")
	form.Set("phone", "22 33 55 66")
	s.post("/a/mamamove?lang=so", form)
	list, _ := s.st.ListSignups(ctx, s.activity("mamamove").ID, "Hawa")
	if len(list) != 1 {
		t.Fatalf("her sign-up: %v", list)
	}
	s.st.SetSignupNote(ctx, list[0].ID, "Foretrækker sms", store.Actor{})

	kim := s.loggedIn("kim@example.dk")
	if res := kim.post("/staff/people", url.Values{"phone": {"123"}}); res.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("a bad number: %d", res.StatusCode)
	}
	found := kim.post("/staff/people", url.Values{"phone": {"+45 22 33 55 66"}})
	mustContain(t, "search result", found.body, "Testperson Hawa", list[0].Reference, "Kun en administrator kan slette")
	links := personLinks.FindAllStringSubmatch(found.body, -1)
	if len(links) == 0 || strings.Contains(links[0][1], "22335566") {
		t.Fatalf("links to her data: %v", links)
	}
	readable := kim.get(links[0][1])
	mustContain(t, "her page", readable.body, `<html lang="so" dir="ltr">`, "Waxa aan kaa kaydinnay", "Testperson Hawa",
		"4522335566", "Foretrækker sms", "Waxaad leedahay meel")
	export := kim.get(links[0][1] + "/export.json")
	var copy struct {
		Phone   string `json:"phone"`
		Signups []struct {
			Reference string         `json:"reference"`
			Name      string         `json:"name"`
			Answers   map[string]any `json:"answers"`
			StaffNote string         `json:"staff_note"`
			Consent   struct {
				By       string `json:"by"`
				Language string `json:"language"`
			} `json:"consent"`
		} `json:"signups"`
	}
	if err := json.Unmarshal([]byte(export.body), &copy); err != nil || export.StatusCode != http.StatusOK {
		t.Fatalf("export: %d %v", export.StatusCode, err)
	}
	if got := copy.Signups; copy.Phone != "+4522335566" || len(got) != 1 || got[0].Name != "Testperson Hawa" ||
		got[0].Answers["children_ages"] != "3 og 7" || got[0].StaffNote != "Foretrækker sms" || got[0].Consent.By != "resident" || got[0].Consent.Language != "so" {
		t.Fatalf("the copy: %+v", copy)
	}
	subject := store.SignupSubject(list[0].ID)
	for _, action := range []string{domain.AuditPersonSearch, domain.AuditPersonView, domain.AuditPersonExport} {
		lines, _ := s.st.AuditPage(ctx, store.AuditFilter{Subjects: []string{subject}, Limit: 100})
		n := 0
		for _, l := range lines {
			if l.Action == action {
				n++
				if strings.Contains(string(l.RawDetail), "22335566") {
					t.Errorf("the audit log holds her number: %s", l.RawDetail)
				}
			}
		}
		if n == 0 {
			t.Errorf("no %s line about her", action)
		}
	}
	erase := links[0][1] + "/erase"
	if res := kim.post(erase, url.Values{"confirm": {"yes"}}); res.StatusCode != http.StatusForbidden {
		t.Fatalf("a staff member erased someone: %d", res.StatusCode)
	}
	leader := s.loggedIn("leder@example.dk")
	adminLink := personLinks.FindStringSubmatch(leader.post("/staff/people", url.Values{"phone": {"22335566"}}).body)[1]
	if res := leader.post(adminLink+"/erase", url.Values{}); !strings.Contains(res.Header.Get("Location"), "error=erase_unconfirmed") {
		t.Fatalf("erasing without confirming: %d %s", res.StatusCode, res.Header.Get("Location"))
	}
	if res := leader.post(adminLink+"/erase", url.Values{"confirm": {"yes"}}); !strings.Contains(res.Header.Get("Location"), "done=erased") {
		t.Fatalf("erasing: %d %s", res.StatusCode, res.Header.Get("Location"))
	}
	if p, _ := s.st.FindPerson(ctx, "+4522335566"); !p.Empty() {
		t.Fatalf("after erasure her number finds %+v", p)
	}
	if lines, _ := s.st.AuditLog(ctx, subject, domain.AuditPersonErase, 10); len(lines) != 1 || lines[0].StaffName == "" {
		t.Fatalf("erasure audit: %+v", lines)
	}
	if res := leader.get("/staff/people/tk1:made-up"); res.StatusCode != http.StatusNotFound {
		t.Fatalf("a made-up person link: %d", res.StatusCode)
	}
}

func TestAuditViewerIsForAdminsAndFiltersByPersonAndStaff(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s := newStaffSite(t)
	kim := s.account("kim@example.dk", domain.RoleStaff)
	s.account("leder@example.dk", domain.RoleAdmin)
	ref := s.residentSignsUp("Testperson Ida", "22 33 66 77")
	s.residentSignsUp("Testperson Other", "22 33 66 78")
	list, _ := s.st.ListSignups(ctx, s.activity("mamamove").ID, ref)
	b := s.loggedIn("kim@example.dk")
	b.get("/staff/signups/" + strconv.FormatInt(list[0].ID, 10))
	if res := b.get("/staff/audit"); res.StatusCode != http.StatusForbidden {
		t.Fatalf("a staff member read the audit log: %d", res.StatusCode)
	}
	admin := s.loggedIn("leder@example.dk")
	all := admin.get("/staff/audit")
	mustContain(t, "audit log", all.body, "så en tilmelding", "logget ind", "Medarbejder kim")
	hers := admin.get("/staff/audit?person=" + url.QueryEscape("22 33 66 77"))
	mustContain(t, "her lines", hers.body, "så en tilmelding", `href="/staff/signups/`+strconv.FormatInt(list[0].ID, 10)+`"`)
	if strings.Contains(hers.body, "logget ind") {
		t.Error("the person filter shows logins")
	}
	byRef := admin.get("/staff/audit?person=" + strings.ToLower(ref))
	mustContain(t, "by reference", byRef.body, "så en tilmelding")
	byKim := admin.get("/staff/audit?staff=" + strconv.FormatInt(kim.ID, 10))
	if !strings.Contains(byKim.body, "<td>Medarbejder kim") || strings.Contains(byKim.body, "<td>Medarbejder leder") {
		t.Error("the staff filter shows another's lines")
	}
	if n := s.auditCount(domain.AuditLogViewed, ""); n != 2 {
		t.Errorf("%d audit.viewed lines; filtering by a person is audited", n)
	}
	for range 60 {
		s.st.Audit(ctx, store.AuditEntry{StaffID: kim.ID, Action: domain.AuditSignupView, Subject: "signup:999"})
	}
	page := admin.get("/staff/audit")
	older := regexp.MustCompile(`href="(/staff/audit\?[^"]+)">Ældre linjer`).FindStringSubmatch(page.body)
	if older == nil {
		t.Fatal("no link to older lines")
	}
	if next := admin.get(strings.ReplaceAll(older[1], "&amp;", "&")); !strings.Contains(next.body, "logget ind") {
		t.Fatal("the older page does not reach the logins")
	}
}

// TestCPRIsRefusedInEveryStaffTextField posts a CPR-shaped number into
// each free-text field staff write in, and expects it refused with the
// explanation.
func TestCPRIsRefusedInEveryStaffTextField(t *testing.T) {
	t.Parallel()
	s := newStaffSite(t)
	s.account("leder@example.dk", domain.RoleAdmin)
	s.residentSignsUp("Testperson Alfa", "22 33 44 01")
	b := s.loggedIn("leder@example.dk")
	a := s.activity("mamamove")
	aid := strconv.FormatInt(a.ID, 10)
	list, _ := s.st.ListSignups(context.Background(), a.ID, "")
	sid := strconv.FormatInt(list[0].ID, 10)
	ref, err := s.st.CreateReferral(context.Background(), domain.Referral{Target: domain.Target{OfferKey: "beboerraadgivning"},
		FirstName: "Testperson", Department: "aab-33", AgeGroup: "25-64", Language: "da", Contact: domain.ContactViaReferrer,
		ConsentVersion: domain.ReferralConsentVersion, ConsentedAt: time.Now(), Status: domain.ReferralSent, StatusAt: time.Now(),
		CreatedAt: time.Now(), DedupeKey: "view:V1", Referrer: domain.Referrer{TeamID: "T1", UserID: "U1", OrgKey: "red-barnet"},
		StatusBy: domain.Actor{Kind: domain.ActorSlack, ID: "U1"}}, nil)
	if err != nil {
		t.Fatal(err)
	}
	edit := formValues(t, b.get("/staff/activities/"+aid+"/edit").body, "/staff/activities/"+aid+"/edit")
	edit.Set("op", "save")
	withText := func(field, value string) url.Values {
		v := url.Values{}
		for k, x := range edit {
			v[k] = x
		}
		v.Set(field, value)
		return v
	}
	cases := []struct {
		name, path string
		form       url.Values
	}{
		{"sign-up note", "/staff/signups/" + sid + "/note", url.Values{"note": {"cpr 010203-1234"}}},
		{"status reason", "/staff/signups/" + sid + "/status", url.Values{"status": {"cancelled"}, "reason": {"0102031234"}}},
		{"activity summary", "/staff/activities/" + aid + "/edit", withText("text-summary-da", "Ring 010203 1234")},
		{"field label", "/staff/activities/" + aid + "/edit", withText("field-3-label-da", "Nummer 010203-1234")},
		{"account name", "/staff/accounts", url.Values{"name": {"Kim 010203-1234"}, "email": {"kim@example.dk"}, "role": {"staff"}, "lang": {"da"}}},
		{"referral's reason", "/staff/referrals/" + strconv.FormatInt(ref.Referral.ID, 10) + "/status",
			url.Values{"status": {"declined"}, "reason": {"cpr 010203-1234"}}},
	}
	for _, c := range cases {
		res := b.post(c.path, c.form)
		if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(res.body, "Skriv ikke et CPR-nummer") {
			t.Errorf("%s: %d, want 422 with the CPR explanation", c.name, res.StatusCode)
		}
	}
	// A phone number in a status reason is refused too, and what she
	// typed comes back to be corrected.
	typed := "Moren ringer fra 31 41 59 26"
	res := b.post("/staff/signups/"+sid+"/status", url.Values{"status": {"cancelled"}, "reason": {typed}})
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(res.body, "Skriv ikke et telefonnummer") ||
		!strings.Contains(res.body, typed) {
		t.Errorf("a phone number in a status reason: %d", res.StatusCode)
	}
}

func TestEditorSetsRetentionAndGuardianAgePerActivity(t *testing.T) {
	t.Parallel()
	s := newStaffSite(t)
	s.account("a@example.dk", domain.RoleStaff)
	b := s.loggedIn("a@example.dk")
	a := s.activity("hjaelpetraener")
	path := "/staff/activities/" + strconv.FormatInt(a.ID, 10) + "/edit"
	edit := formValues(t, b.get(path).body, path)
	edit.Set("op", "save")
	edit.Set("retention_days", "400")
	if res := b.post(path, edit); res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(res.body, "fra 1 til 365") {
		t.Fatalf("retention over a year: %d", res.StatusCode)
	}
	edit.Set("retention_days", "90")
	edit.Set("guardian_below_age", "15")
	if res := b.post(path, edit); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("save: %d\n%s", res.StatusCode, res.body)
	}
	got := s.activity("hjaelpetraener")
	if got.RetentionDays == nil || *got.RetentionDays != 90 || got.GuardianAge() != 15 {
		t.Fatalf("saved retention %v, guardian age %d", got.RetentionDays, got.GuardianAge())
	}
	if form := s.get("/a/hjaelpetraener?lang=en").body; !strings.Contains(form, "If you are under 15, a parent must give permission.") {
		t.Fatal("the form does not name the activity's own age limit")
	}
}

func TestALinkWithAPhoneNumberSearchesNothing(t *testing.T) {
	t.Parallel()
	s := newStaffSite(t)
	s.account("kim@example.dk", domain.RoleStaff)
	kim := s.loggedIn("kim@example.dk")
	// A link someone sends a colleague (or a page that makes her browser
	// follow one) must not look a person up in her name.
	res := kim.get("/staff/people?phone=22335566")
	if res.StatusCode != http.StatusOK || strings.Contains(res.body, "22335566") {
		t.Fatalf("the search page from a link: %d", res.StatusCode)
	}
	if n := s.auditCount(domain.AuditPersonSearch, ""); n != 0 {
		t.Fatalf("%d searches in the audit log after following a link, want 0", n)
	}
	if res := kim.post("/staff/people", url.Values{"phone": {"22335566"}}); res.StatusCode != http.StatusOK {
		t.Fatalf("the search form: %d", res.StatusCode)
	}
	if n := s.auditCount(domain.AuditPersonSearch, ""); n != 1 {
		t.Fatalf("%d searches in the audit log after one search, want 1", n)
	}
}
