package bot

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/beboerprojekt-nordvest/tilmeld/domain"
	"github.com/beboerprojekt-nordvest/tilmeld/locales"
	"github.com/beboerprojekt-nordvest/tilmeld/store"
	"github.com/beboerprojekt-nordvest/tilmeld/store/storetest"
	"github.com/beboerprojekt-nordvest/tilmeld/web"
	"github.com/beboerprojekt-nordvest/tilmeld/web/staff"
)

// The test person: a name and number nobody else has, so finding any
// form of them in Slack or the logs can only mean a leak.
const (
	leakName  = "Kaffekop"
	leakPhone = "22 77 88 99"
)

var leakForms = []string{leakName, "kaffekop", "22778899", "+4522778899", leakPhone, "22 77 88 99"}

// lockedBuffer is a log sink several goroutines write to.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// client is a browser for the scan: it keeps cookies and follows
// redirects.
type client struct {
	t    *testing.T
	base string
	http *http.Client
}

func (c *client) do(method, path string, form url.Values) string {
	c.t.Helper()
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req, _ := http.NewRequest(method, c.base+path, body)
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	req.Header.Set("Accept", "text/html")
	res, err := c.http.Do(req)
	if err != nil {
		c.t.Fatalf("%s %s: %v", method, path, err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return string(b)
}

// TestNoNameOrPhoneReachesSlackOrTheLogs runs everything a resident, the
// staff and a partner do with one person — her sign-up on the web, staff
// looking her up, noting and changing things, a partner's referral from
// Slack moved on with buttons and on the web, the partner's lists, her
// copy, and her erasure — with every log line kept (at debug level) and
// every call to Slack recorded. Neither holds her name or number.
func TestNoNameOrPhoneReachesSlackOrTheLogs(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	st := storetest.New(t)
	acts := testPlan(t).Activities
	if _, err := st.SeedActivities(ctx, acts); err != nil {
		t.Fatal(err)
	}
	logs := &lockedBuffer{}
	log := slog.New(slog.NewJSONHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	bundle, _ := locales.Bundle()
	fake := newFakeSlack(t)
	b, err := New(st, testPlan(t), bundle, log, Config{SigningSecret: testSecret, BotToken: "xoxb-test", StaffChannel: staffChan,
		APIURL: fake.URL(), BaseURL: testBaseURL})
	if err != nil {
		t.Fatal(err)
	}
	b.SetClock(func() time.Time { return testNow })
	h := &harness{t: t, st: st, slack: fake, bot: b}
	h.startWorker(fastWorker)
	var site *web.Server
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { site.ServeHTTP(w, r) }))
	t.Cleanup(srv.Close)
	if site, err = web.New(st, testPlan(t), bundle, log, web.Config{BaseURL: srv.URL}); err != nil {
		t.Fatal(err)
	}
	site.SetReferralChanger(b.ChangeStatus)
	jar, _ := cookiejar.New(nil)
	browser := &client{t: t, base: srv.URL, http: &http.Client{Jar: jar}}

	// She signs up on her phone; a first try with a CPR number is refused.
	tok := regexp.MustCompile(`name="_idem" value="([^"]+)"`).FindStringSubmatch(browser.do("GET", "/a/mamamove", nil))[1]
	in := url.Values{"_idem": {tok}, "name": {"Testperson " + leakName}, "phone": {leakPhone}, "department": {"fsb-01-29"},
		"children_count": {"2"}, "children_ages": {"010203-1234"}, "consent": {"yes"}}
	browser.do("POST", "/a/mamamove", in)
	in.Set("children_ages", leakName+"s to børn")
	confirmation := browser.do("POST", "/a/mamamove", in)
	cancel := regexp.MustCompile(regexp.QuoteMeta(srv.URL) + `(/afmeld/[A-Za-z0-9_-]+)`).FindStringSubmatch(confirmation)
	if cancel == nil {
		t.Fatalf("no confirmation:\n%s", confirmation)
	}
	browser.do("GET", cancel[1], nil)

	// A partner refers her from Slack; staff move it on with the buttons.
	h.st.SetSlackUserOrg(ctx, testTeam, partnerUser, "sof-familiehuset")
	values := referralValues(domain.Target{OfferKey: "beboerraadgivning"}.String())
	values[domain.RefFirstName], values[domain.RefPhone] = textValue(leakName), textValue(leakPhone)
	values[domain.RefNote] = textValue(leakName + " vil helst ringes op efter kl. 16")
	h.interact(viewSubmission(partnerUser, cbReferral, "V0LEAK", "", values), nil)
	h.drain()
	refs, _ := st.ReferralsByReferrer(ctx, testTeam, partnerUser, 1)
	if len(refs) != 1 || refs[0].FirstName != leakName {
		t.Fatalf("referral %+v", refs)
	}
	h.interact(buttonPress(staffUser, staffChan, refs[0].SlackTS, "status:accepted", fmt.Sprint(refs[0].ID)), nil)
	h.command(partnerUser, "mine")
	h.post("/slack/events", "application/json", `{"type":"event_callback","team_id":"`+testTeam+`","event_id":"Ev1",
		"event":{"type":"app_home_opened","user":"`+partnerUser+`","tab":"home"}}`, nil)
	h.drain()

	// Staff log in, find her, read her, note something, change her and the
	// referral, hand her a copy, and erase her when she asks.
	admin, err := st.CreateStaff(ctx, domain.Staff{Email: "leder@example.dk", Name: "Leder", Role: domain.RoleAdmin, Lang: "da"})
	if err != nil {
		t.Fatal(err)
	}
	link, _, err := staff.NewPasswordLink(ctx, st, srv.URL, admin.ID, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	pw := "en lang og god adgangskode"
	browser.do("POST", strings.TrimPrefix(link, srv.URL), url.Values{"password": {pw}, "repeat": {pw}})
	browser.do("POST", "/staff/login", url.Values{"email": {admin.Email}, "password": {pw}})
	mama, _ := st.ActivityBySlug(ctx, "mamamove")
	list, _ := st.ListSignups(ctx, mama.ID, leakName)
	if len(list) != 1 {
		t.Fatalf("her sign-up: %+v", list)
	}
	sid := strconv.FormatInt(list[0].ID, 10)
	if page := browser.do("GET", "/staff/activities/"+strconv.FormatInt(mama.ID, 10)+"?q="+leakName, nil); !strings.Contains(page, leakName) {
		t.Fatalf("staff search did not find her:\n%.500s", page)
	}
	browser.do("GET", "/staff/signups/"+sid, nil)
	browser.do("POST", "/staff/signups/"+sid+"/note", url.Values{"note": {"Ring til " + leakName + " på " + leakPhone}})
	browser.do("POST", "/staff/signups/"+sid+"/status", url.Values{"status": {"no_show"}})
	browser.do("POST", "/staff/referrals/"+fmt.Sprint(refs[0].ID)+"/status", url.Values{"status": {"contacted"}})
	browser.do("GET", "/staff/activities/"+strconv.FormatInt(mama.ID, 10)+"/export/signups.csv", nil)
	found := browser.do("POST", "/staff/people", url.Values{"phone": {leakPhone}})
	person := regexp.MustCompile(`href="(/staff/people/[^"/]+)"`).FindStringSubmatch(found)
	if person == nil {
		t.Fatalf("people search:\n%.800s", found)
	}
	browser.do("GET", person[1], nil)
	browser.do("GET", person[1]+"/export.json", nil)
	browser.do("GET", "/staff/audit?person="+url.QueryEscape(leakPhone), nil)
	browser.do("POST", person[1]+"/erase", url.Values{"confirm": {"yes"}})
	h.drain()

	if p, _ := st.FindPerson(ctx, "+4522778899"); !p.Empty() {
		t.Fatalf("she was not erased: %+v", p)
	}
	if r, _ := st.ReferralByID(ctx, refs[0].ID); r.Status != domain.ReferralContacted || len(fake.Delivered("chat.update")) < 2 {
		t.Fatalf("the staff's changes did not all go through: %s, %d card updates", r.Status, len(fake.Delivered("chat.update")))
	}
	slackCalls, logged := fake.Everything(), logs.String()
	if len(fake.Calls("chat.postMessage")) < 2 || !strings.Contains(logged, `"msg":"request"`) {
		t.Fatalf("the scan saw too little: %d posts, log:\n%.500s", len(fake.Calls("chat.postMessage")), logged)
	}
	for _, leak := range leakForms {
		if strings.Contains(slackCalls, leak) {
			t.Errorf("%q reached Slack", leak)
		}
		if strings.Contains(logged, leak) {
			t.Errorf("%q is in the logs", leak)
		}
	}
}

func TestSlackRefusesCPRInEveryFreeTextField(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	h.st.SetSlackUserOrg(context.Background(), testTeam, partnerUser, "red-barnet")
	for i, block := range []string{domain.RefFirstName, domain.RefNote} {
		values := referralValues("offer:beboerraadgivning")
		values[block] = textValue("010203-1234")
		ans := decode(t, h.interact(viewSubmission(partnerUser, cbReferral, fmt.Sprintf("V0CPR%d", i), "", values), nil))
		errs, _ := ans["errors"].(map[string]any)
		if !strings.Contains(fmt.Sprint(errs[block]), "CPR") {
			t.Errorf("%s with a CPR number: %v", block, ans)
		}
	}
	decode(t, h.interact(viewSubmission(partnerUser, cbReferral, "V0OK", "", referralValues("offer:beboerraadgivning")), nil))
	refs, _ := h.st.ReferralsByReferrer(context.Background(), testTeam, partnerUser, 1)
	ans := decode(t, h.interact(viewSubmission(staffUser, cbDecline, "V0D", fmt.Sprint(refs[0].ID), map[string]map[string]any{
		domain.RefReason: textValue("Hendes cpr 0102031234")}), nil))
	if errs, _ := ans["errors"].(map[string]any); !strings.Contains(fmt.Sprint(errs[domain.RefReason]), "CPR") {
		t.Fatalf("a decline reason with a CPR number: %v", ans)
	}
	// The same rule holds however the change is made.
	_, err := h.st.ChangeReferralStatus(context.Background(), refs[0].ID, store.StatusUpdate{Change: domain.StatusChange{
		To: domain.ReferralDeclined, Reason: "cpr 010203-1234"}, At: testNow}, nil)
	if !errors.Is(err, domain.ErrReasonCPR) {
		t.Fatalf("the store took a CPR number as a reason: %v", err)
	}
}
