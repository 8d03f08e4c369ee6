package staff_test

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/beboerprojekt-nordvest/tilmeld/domain"
	"github.com/beboerprojekt-nordvest/tilmeld/store"
)

// referral stores a referral the way the Slack app does, to MamaMove.
func (s *staffSite) referral(firstName, phone string) domain.Referral {
	s.t.Helper()
	now := time.Date(2026, 11, 27, 10, 0, 0, 0, time.UTC)
	r := domain.Referral{
		Target: domain.Target{ActivityID: s.activity("mamamove").ID}, FirstName: firstName, Phone: phone,
		Department: "fsb-01-29", AgeGroup: "25-64", Language: "so", Contact: domain.ContactCall,
		Note: "Ring efter kl. 15", ConsentVersion: domain.ReferralConsentVersion, ConsentedAt: now,
		Referrer: domain.Referrer{TeamID: "T1", UserID: "U1", OrgKey: "buf-tagensbo"},
		Status:   domain.ReferralSent, StatusBy: domain.Actor{Kind: domain.ActorSlack, ID: "U1"},
		StatusAt: now, CreatedAt: now, DedupeKey: "view:V" + firstName,
	}
	res, err := s.st.CreateReferral(context.Background(), r, nil)
	if err != nil {
		s.t.Fatal(err)
	}
	return res.Referral
}

// TestStaffFollowReferralToEnrolmentOnTheWeb: the page a Slack card links
// to shows the resident's details (and audits the view), the list shows
// none, and staff move the referral on to enrolled with her sign-up.
func TestStaffFollowReferralToEnrolmentOnTheWeb(t *testing.T) {
	t.Parallel()
	s := newStaffSite(t)
	s.account("leder@example.dk", domain.RoleStaff)
	b := s.loggedIn("leder@example.dk")
	r := s.referral("Testperson Hodan", "+4522110099")
	path := "/staff/referrals/" + strconv.FormatInt(r.ID, 10)

	list := b.get("/staff/referrals")
	mustContain(t, "referral list", list.body, r.Code(), "Sendt", "25–64 år")
	if strings.Contains(list.body, "Hodan") || strings.Contains(list.body, "22110099") {
		t.Fatal("the referral list shows a resident's name or phone")
	}
	page := b.get(path)
	mustContain(t, "referral page", page.body, "Testperson Hodan", "4522110099", "Ring efter kl. 15", "Somali")
	if n := s.auditCount(domain.AuditReferralView, store.ReferralSubject(r.ID)); n != 1 {
		t.Fatalf("%d audit lines for viewing the referral, want 1", n)
	}

	for _, to := range []string{"accepted", "contacted"} {
		if res := b.post(path+"/status", url.Values{"status": {to}}); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("move to %s: %d\n%s", to, res.StatusCode, res.body)
		}
	}
	// Enrolling needs her sign-up; a wrong reference is explained.
	res := b.post(path+"/status", url.Values{"status": {"enrolled"}, "signup": {"ZZZZZZ"}})
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(res.body, "ingen tilmelding til aktiviteten med det nummer") {
		t.Fatalf("enrol with an unknown reference: %d", res.StatusCode)
	}
	ref := s.residentSignsUp("Testperson Hodan", "22110099")
	if res := b.post(path+"/status", url.Values{"status": {"enrolled"}, "signup": {strings.ToLower(ref)}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("enrol with her reference: %d\n%s", res.StatusCode, res.body)
	}
	got, err := s.st.ReferralByID(context.Background(), r.ID)
	if err != nil || got.Status != domain.ReferralEnrolled || got.SignupID == nil {
		t.Fatalf("after enrolment: %+v, %v", got, err)
	}
	// Final: nothing more to change, and the history names who did it.
	done := b.get(path)
	mustContain(t, "enrolled referral", done.body, "Tilmeldt", "leder@example.dk", "Åbn tilmeldingen")
	if strings.Contains(done.body, `name="status"`) {
		t.Fatal("an enrolled referral still offers a status change")
	}
}

func TestStaffCorrectAPartnersOrganisation(t *testing.T) {
	t.Parallel()
	s := newStaffSite(t)
	s.account("leder@example.dk", domain.RoleStaff)
	b := s.loggedIn("leder@example.dk")
	ctx := context.Background()
	if err := s.st.SetSlackUserOrg(ctx, "T1", "U77", "buf-tagensbo"); err != nil {
		t.Fatal(err)
	}
	mustContain(t, "partners", b.get("/staff/partners").body, "U77", "Tagensbo")
	if res := b.post("/staff/partners/org", url.Values{"team": {"T1"}, "user": {"U77"}, "org": {"no-such-org"}}); !strings.Contains(res.Header.Get("Location"), "error=unknown_org") {
		t.Fatalf("unknown organisation accepted: %v", res.Header)
	}
	orgs := testPlan(t).Organisations
	org := orgs[len(orgs)-1].Key
	if res := b.post("/staff/partners/org", url.Values{"team": {"T1"}, "user": {"U77"}, "org": {org}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("correct organisation: %d", res.StatusCode)
	}
	u, err := s.st.SlackUser(ctx, "T1", "U77")
	if err != nil || u.OrgKey != org {
		t.Fatalf("partner after correction: %+v, %v", u, err)
	}
	if s.auditCount(domain.AuditPartnerOrg, "") != 1 {
		t.Fatal("the correction is not in the audit log")
	}
}

// TestDeclineOnTheWebRefusesNumbersAndTellsThePartnerACategory: a phone
// number in the reason is refused with what was typed kept; the decline
// stores the category the partner is told, and the reason for staff.
func TestDeclineOnTheWebRefusesNumbersAndTellsThePartnerACategory(t *testing.T) {
	t.Parallel()
	s := newStaffSite(t)
	s.account("leder@example.dk", domain.RoleStaff)
	b := s.loggedIn("leder@example.dk")
	r := s.referral("Testperson Ayan", "+4522110098")
	path := "/staff/referrals/" + strconv.FormatInt(r.ID, 10)
	typed := "Ring til moren på 31 41 59 26"
	res := b.post(path+"/status", url.Values{"status": {"declined"}, "category": {"no_places"}, "reason": {typed}})
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(res.body, "telefonnummer") {
		t.Fatalf("a phone number in the reason: %d", res.StatusCode)
	}
	mustContain(t, "refused decline", res.body, typed, `value="no_places" selected`)
	res = b.post(path+"/status", url.Values{"status": {"declined"}, "category": {"no_places"}, "reason": {"Holdet er fuldt i foråret"}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("decline: %d\n%s", res.StatusCode, res.body)
	}
	got, err := s.st.ReferralByID(context.Background(), r.ID)
	if err != nil || got.DeclineCategory != domain.DeclineNoPlaces || got.Reason != "Holdet er fuldt i foråret" {
		t.Fatalf("declined: %q, %q, %v", got.DeclineCategory, got.Reason, err)
	}
	mustContain(t, "declined referral", b.get(path).body, "Holdet er fuldt i foråret", "Afvist</span> · Ingen ledige pladser")
}
