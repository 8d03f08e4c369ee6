package staff_test

import (
	"context"
	"encoding/json"
	"html"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/beboerprojekt-nordvest/tilmeld/domain"
	"github.com/beboerprojekt-nordvest/tilmeld/locales"
	"github.com/beboerprojekt-nordvest/tilmeld/store"
)

// What an attacker types into a form. Each would run, render or break out
// of its element if a page showed it unescaped; the SQL ones would change
// the database if any query were built from text.
const (
	scriptTag   = `<script>alert(1)</script>`
	imgBreakout = `"><img src=x onerror=alert(1)>`
	sqlDrop     = `'; DROP TABLE signups; --`
	sqlDelete   = `Robert'); DELETE FROM activities;--`
	rtlOverride = "\u202e" // RIGHT-TO-LEFT OVERRIDE: "gnp.exe" reads as "exe.png"
)

// liveMarkup is hostile input as it must never appear in a page's source:
// had it been copied in as typed, it would be a tag or an attribute.
var liveMarkup = []string{"<script>alert", "<img src=x", `"><img`, "<svg onload", "<i>9'b</i>",
	"</textarea><script", `href="javascript:`, "<u>"}

// assertShownEscaped fails unless the page answers 200, has no hostile
// input as live markup, and shows each typed text exactly as typed.
func assertShownEscaped(t *testing.T, what string, res response, typed ...string) {
	t.Helper()
	if res.StatusCode != http.StatusOK {
		t.Errorf("%s: status %d", what, res.StatusCode)
		return
	}
	assertEscapedHTML(t, what, res.body, typed...)
}

// assertEscapedHTML fails if body has any hostile input as live markup, or
// does not show each typed text as typed (what a reader sees once the
// browser decodes the escaped source).
func assertEscapedHTML(t *testing.T, what, body string, typed ...string) {
	t.Helper()
	for _, m := range liveMarkup {
		if strings.Contains(body, m) {
			t.Errorf("%s has %q unescaped in its HTML", what, m)
		}
	}
	shown := html.UnescapeString(body)
	for _, v := range typed {
		if !strings.Contains(shown, v) {
			t.Errorf("%s does not show %q as it was typed", what, v)
		}
	}
}

// hostileSignup is one resident's form with something hostile in every
// text field.
type hostileSignup struct {
	slug  string
	typed map[string]string // text field key → what she typed
	rest  url.Values        // the other fields, validly filled in
}

var hostileSignups = []hostileSignup{
	{"mamamove", map[string]string{
		"name":          scriptTag + " " + sqlDelete,
		"children_ages": imgBreakout + sqlDrop,
	}, url.Values{"phone": {"22 33 44 61"}, "department": {"fsb-01-29"}, "children_count": {"2"}, "consent": {"yes"}}},
	{"eksamenstraening-dansk", map[string]string{
		"name":          "Ali " + rtlOverride + "gnp.exe " + imgBreakout,
		"class":         `<i>9'b</i>`,
		"guardian_name": `</textarea><script>alert(2)</script>` + sqlDrop,
	}, url.Values{"phone": {"22 33 44 62"}, "department": {"fsb-01-29"}, "school": {"tagensbo"},
		"guardian_phone": {"22 33 44 72"}, "guardian_consent": {"yes"}, "consent": {"yes"}}},
	{"dialogaften-foraeldre", map[string]string{
		"name":     `Bobby <svg onload=alert(3)> & "Tables"`,
		"question": `'); DROP TABLE activities; -- <a href="javascript:alert(4)">x</a> &amp; &lt;u&gt; {{.}} ${7*7}`,
	}, url.Values{"phone": {"22 33 44 63"}, "department": {"fsb-01-29"}, "consent": {"yes"}}},
}

func (h hostileSignup) form(token string) url.Values {
	v := url.Values{"_idem": {token}}
	for k, vs := range h.rest {
		v[k] = vs
	}
	for k, s := range h.typed {
		v.Set(k, s)
	}
	return v
}

func (h hostileSignup) values() []string {
	var out []string
	for _, v := range h.typed {
		out = append(out, v)
	}
	return out
}

// TestHostileTextIsStoredVerbatimAndShownEscapedToStaff: a resident types
// markup and SQL into every text field of three real forms. The database
// keeps each byte of it and loses no table, and every page that shows her
// sign-up shows the text as text: to her, and to staff on the list, the
// search, her page, the roll call, the exports and her copy of her data.
func TestHostileTextIsStoredVerbatimAndShownEscapedToStaff(t *testing.T) {
	t.Parallel()
	s := newStaffSite(t)
	s.account("leder@example.dk", domain.RoleAdmin)
	var activities int
	if err := s.st.DB().Get(&activities, `SELECT count(*) FROM activities`); err != nil {
		t.Fatal(err)
	}
	b := s.loggedIn("leder@example.dk")
	for _, h := range hostileSignups {
		ref := signUpHostile(t, s, h)
		staffSeeHostileEscaped(t, s, b, h, ref)
	}

	// The SQL was never run: every table and every activity is still there.
	var after int
	if err := s.st.DB().Get(&after, `SELECT count(*) FROM activities`); err != nil || after != activities {
		t.Fatalf("activities: %d before, %d after (%v)", activities, after, err)
	}
	var signups int
	if err := s.st.DB().Get(&signups, `SELECT count(*) FROM signups`); err != nil || signups != len(hostileSignups) {
		t.Fatalf("signups: %d, want %d (%v)", signups, len(hostileSignups), err)
	}
}

// signUpHostile signs a resident up with hostile text in every text field
// of the form, after a first try the form refuses and shows again, and
// checks the store keeps what she typed byte for byte. It returns her
// reference.
func signUpHostile(t *testing.T, s *staffSite, h hostileSignup) string {
	t.Helper()
	for _, f := range s.activity(h.slug).Form.Fields {
		if _, ok := h.typed[f.Key]; f.Type == domain.FieldText && !ok {
			t.Errorf("%s: text field %q has nothing hostile typed into it", h.slug, f.Key)
		}
	}
	path := "/a/" + h.slug
	again := h.form(idem(t, s.get(path).body))
	again.Del("consent")
	refused := s.post(path, again)
	if refused.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("%s without consent: %d", h.slug, refused.StatusCode)
	}
	assertEscapedHTML(t, h.slug+" form shown again", refused.body, h.values()...)

	done := s.post(path, h.form(idem(t, s.get(path).body)))
	if done.StatusCode != http.StatusOK {
		t.Fatalf("%s sign-up: %d\n%s", h.slug, done.StatusCode, done.body)
	}
	assertShownEscaped(t, h.slug+" confirmation", done)
	ref := reference(t, done.body)
	su := signupByRef(t, s.st, ref) // the store opens the sealed fields
	for k, typed := range h.typed {
		got := su.Answers.String(k)
		if k == domain.KeyName {
			got = su.Name
		}
		if got != typed {
			t.Errorf("%s: %s stored as %q, typed %q", h.slug, k, got, typed)
		}
	}
	return ref
}

// staffSeeHostileEscaped opens every staff page, export and copy of her
// data that shows the hostile sign-up with reference ref.
func staffSeeHostileEscaped(t *testing.T, s *staffSite, b *browser, h hostileSignup, ref string) {
	t.Helper()
	a := s.activity(h.slug)
	su := signupByRef(t, s.st, ref)
	actPath := "/staff/activities/" + strconv.FormatInt(a.ID, 10)
	name := h.typed[domain.KeyName]
	assertShownEscaped(t, h.slug+" staff list", b.get(actPath), name)
	search := b.get(actPath + "?q=" + url.QueryEscape(name))
	assertShownEscaped(t, h.slug+" staff search", search, name)
	if found := signupList(t, search.body); len(found) != 1 || found[0].Ref != ref {
		t.Errorf("%s: searching for her name found %+v", h.slug, found)
	}
	assertShownEscaped(t, h.slug+" sign-up page", b.get("/staff/signups/"+strconv.FormatInt(su.ID, 10)), h.values()...)
	if len(a.Sessions) > 0 {
		assertShownEscaped(t, h.slug+" roll call", b.get(sessionPath(a, 0)), name)
	}
	assertShownEscaped(t, h.slug+" attendance", b.get(actPath+"/attendance"), name)
	assertShownEscaped(t, h.slug+" activities", b.get("/staff/"))

	rows := readCSV(t, b.get(actPath+"/export/signups.csv"))
	if i := slices.IndexFunc(rows, func(r []string) bool { return r[0] == ref }); i < 0 {
		t.Errorf("%s: her sign-up is not in the export", h.slug)
	} else {
		for _, typed := range h.values() {
			if !slices.Contains(rows[i], typed) {
				t.Errorf("%s: export row %q lacks %q as typed", h.slug, rows[i], typed)
			}
		}
	}
	att := readCSV(t, b.get(actPath+"/export/attendance.csv"))
	if !slices.ContainsFunc(att, func(r []string) bool { return r[0] == ref && r[1] == name }) {
		t.Errorf("%s: attendance export lacks her name as typed", h.slug)
	}

	// Her rights: found by phone, her page, her copy.
	found := b.post("/staff/people", url.Values{"phone": h.rest["phone"]})
	assertShownEscaped(t, h.slug+" person search", found, name)
	link := personLinks.FindStringSubmatch(found.body)
	if link == nil {
		t.Fatalf("%s: no link to her data", h.slug)
	}
	assertShownEscaped(t, h.slug+" person page", b.get(link[1]), h.values()...)
	var copy struct {
		Signups []struct {
			Name    string         `json:"name"`
			Answers map[string]any `json:"answers"`
		} `json:"signups"`
	}
	export := b.get(link[1] + "/export.json")
	if err := json.Unmarshal([]byte(export.body), &copy); err != nil || len(copy.Signups) != 1 {
		t.Fatalf("%s: her copy: %v\n%s", h.slug, err, export.body)
	}
	for k, typed := range h.typed {
		got, _ := copy.Signups[0].Answers[k].(string)
		if k == domain.KeyName {
			got = copy.Signups[0].Name
		}
		if got != typed {
			t.Errorf("%s: her copy has %s %q, typed %q", h.slug, k, got, typed)
		}
	}
}

// TestStaffTextIsShownEscapedOnPublicPages: what staff type (an
// activity's texts and questions, reasons and notes) is shown as text to
// residents and to other staff, in the page's language and where it falls
// back to Danish.
func TestStaffTextIsShownEscapedOnPublicPages(t *testing.T) {
	t.Parallel()
	s := newStaffSite(t)
	s.account("leder@example.dk", domain.RoleAdmin)
	b := s.loggedIn("leder@example.dk")
	a := s.activity("mamamove")
	edit := "/staff/activities/" + strconv.FormatInt(a.ID, 10) + "/edit"
	texts := map[string]string{
		"text-title-da":    "MamaMove " + scriptTag,
		"text-summary-da":  "Træning " + imgBreakout + " & mere",
		"text-audience-da": "Mødre " + sqlDrop,
		"text-place-da":    `Biblioteket <svg onload=alert(5)>`,
		"text-when-da":     `Tirsdage <i>9'b</i> kl. 10`,
		"field-4-label-da": `Deres alder </textarea><script>alert(6)</script>`,
		"field-4-help-da":  `F.eks. <a href="javascript:alert(7)">2 og 5</a>`,
	}
	v := formValues(t, b.get(edit).body, edit)
	for k, typed := range texts {
		v.Set(k, typed)
	}
	// Only Danish: every other language falls back to it, marked lang="da".
	for _, l := range locales.Languages {
		if l.Tag != domain.DefaultLang {
			v.Set("text-title-"+l.Tag, "")
			v.Set("field-4-label-"+l.Tag, "")
		}
	}
	v.Set("op", "save")
	if res := b.post(edit, v); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("save: %d\n%s", res.StatusCode, res.body)
	}
	if got := s.activity("mamamove").Texts.Title["da"]; got != texts["text-title-da"] {
		t.Fatalf("title stored as %q", got)
	}
	title := texts["text-title-da"]
	all := []string{title, texts["text-summary-da"], texts["text-audience-da"], texts["text-place-da"], texts["text-when-da"]}
	assertShownEscaped(t, "home", s.get("/"), title)
	assertShownEscaped(t, "home in Arabic", s.get("/?lang=ar"), title)
	form := s.get("/a/mamamove")
	assertShownEscaped(t, "form", form, append(all, texts["field-4-label-da"], texts["field-4-help-da"])...)
	assertShownEscaped(t, "form in English", s.get("/a/mamamove?lang=en"), title, texts["field-4-label-da"])
	assertShownEscaped(t, "form in Arabic", s.get("/a/mamamove?lang=ar"), title, texts["field-4-label-da"])

	// A resident signs up: her confirmation and cancel page name the activity.
	done := s.post("/a/mamamove?lang=ur", mamaMoveForm(idem(t, form.body)))
	assertShownEscaped(t, "confirmation", done, title)
	cancel := regexp.MustCompile(`href="` + regexp.QuoteMeta(baseURL) + `(/afmeld/[A-Za-z0-9_-]{43})"`).FindStringSubmatch(done.body)
	if cancel == nil {
		t.Fatal("no cancel link")
	}
	assertShownEscaped(t, "cancel page", s.get(cancel[1]), title)
	type feedActivity struct {
		Slug  string            `json:"slug"`
		Title map[string]string `json:"title"`
	}
	var feed struct {
		Activities []feedActivity `json:"activities"`
	}
	if err := json.Unmarshal([]byte(s.get("/api/activities").body), &feed); err != nil {
		t.Fatal(err)
	}
	i := slices.IndexFunc(feed.Activities, func(x feedActivity) bool { return x.Slug == "mamamove" })
	if i < 0 || feed.Activities[i].Title["da"] != title {
		t.Errorf("partners' feed does not carry the title as typed: %+v", feed.Activities)
	}

	// Staff: the reason for a change and a note, shown on her page, in the
	// audit log and on her copy of her data.
	id := signupList(t, b.get("/staff/activities/"+strconv.FormatInt(a.ID, 10)).body)[0].ID
	reason := "Flyttet " + scriptTag + " " + sqlDelete
	note := `</textarea><script>alert(8)</script> ` + sqlDrop
	if res := b.post("/staff/signups/"+id+"/status", url.Values{"status": {"cancelled"}, "reason": {reason}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("status change: %d\n%s", res.StatusCode, res.body)
	}
	if res := b.post("/staff/signups/"+id+"/note", url.Values{"note": {note}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("note: %d\n%s", res.StatusCode, res.body)
	}
	assertShownEscaped(t, "sign-up page", b.get("/staff/signups/"+id), reason, note, title)
	assertShownEscaped(t, "activity page", b.get("/staff/activities/"+strconv.FormatInt(a.ID, 10)), title)
	assertShownEscaped(t, "activities", b.get("/staff/"), title)
	assertShownEscaped(t, "editor", b.get(edit), all...)
	assertShownEscaped(t, "audit log", b.get("/staff/audit"))
	assertShownEscaped(t, "summary", b.get("/staff/summary"))
	found := b.post("/staff/people", url.Values{"phone": {"22 33 44 55"}})
	link := personLinks.FindStringSubmatch(found.body)
	if link == nil {
		t.Fatal("no link to her data")
	}
	assertShownEscaped(t, "person page", b.get(link[1]), title, note)

	// A too-long note is refused and shown again, still escaped.
	long := b.post("/staff/signups/"+id+"/note", url.Values{"note": {scriptTag + strings.Repeat("x", domain.MaxNoteLen)}})
	if long.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("a note over %d characters: %d", domain.MaxNoteLen, long.StatusCode)
	}
	assertEscapedHTML(t, "refused note", long.body, scriptTag)
}

// TestReferralTextIsShownEscapedToStaff: what a partner typed in Slack
// (the resident's first name, a note) and a decline reason typed on the
// web are text on the staff pages.
func TestReferralTextIsShownEscapedToStaff(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s := newStaffSite(t)
	s.account("leder@example.dk", domain.RoleStaff)
	b := s.loggedIn("leder@example.dk")
	now := time.Date(2026, 11, 27, 10, 0, 0, 0, time.UTC)
	first, note := `Hodan <svg onload=alert(1)>`, scriptTag+" "+sqlDrop
	res, err := s.st.CreateReferral(ctx, domain.Referral{
		Target: domain.Target{ActivityID: s.activity("mamamove").ID}, FirstName: first, Phone: "+4522110098",
		Department: "fsb-01-29", AgeGroup: "25-64", Language: "so", Contact: domain.ContactCall, Note: note,
		ConsentVersion: domain.ReferralConsentVersion, ConsentedAt: now,
		Referrer: domain.Referrer{TeamID: "T1", UserID: "U1", OrgKey: "buf-tagensbo"},
		Status:   domain.ReferralSent, StatusBy: domain.Actor{Kind: domain.ActorSlack, ID: "U1"},
		StatusAt: now, CreatedAt: now, DedupeKey: "view:hostile",
	}, nil)
	if err != nil {
		t.Fatal(err)
	}
	path := "/staff/referrals/" + strconv.FormatInt(res.Referral.ID, 10)
	assertShownEscaped(t, "referral page", b.get(path), first, note)
	reason := `Bor udenfor <i>9'b</i> ` + sqlDelete
	if r := b.post(path+"/status", url.Values{"status": {"declined"}, "reason": {reason}}); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("decline: %d\n%s", r.StatusCode, r.body)
	}
	got, err := s.st.ReferralByID(ctx, res.Referral.ID)
	if err != nil || got.FirstName != first || got.Note != note || got.Reason != reason {
		t.Fatalf("stored %q %q %q, %v", got.FirstName, got.Note, got.Reason, err)
	}
	assertShownEscaped(t, "declined referral", b.get(path), first, note, reason)
	assertShownEscaped(t, "referral list", b.get("/staff/referrals"))
}

// offSite reports whether a browser would leave the site following
// target from a page on it. Browsers read "\" as "/" and drop tabs and
// newlines in URLs, so the check does too.
func offSite(target string) bool {
	target = strings.NewReplacer("\\", "/", "\t", "", "\n", "", "\r", "").Replace(strings.TrimSpace(target))
	base, _ := url.Parse(baseURL + "/a/mamamove")
	u, err := url.Parse(target)
	if err != nil {
		return true
	}
	r := base.ResolveReference(u)
	switch r.Scheme {
	case "http", "https":
		return r.Host != base.Host
	case "tel", "mailto":
		return false
	}
	return true // javascript:, data:, …
}

// ownExternalLinks are the links to other sites the pages carry by design.
var ownExternalLinks = []string{"https://www.datatilsynet.dk"}

// linkAttr finds where a page can send someone: links and form actions.
var linkAttr = regexp.MustCompile(`(?:<a\s[^>]*?href|<form\s[^>]*?action)="([^"]*)"`)

// assertStaysOnSite fails on a Location header or a link or form on the
// page that leads away from the site.
func assertStaysOnSite(t *testing.T, what string, res response) {
	t.Helper()
	if res.StatusCode >= 500 {
		t.Errorf("%s: status %d", what, res.StatusCode)
	}
	if loc := res.Header.Get("Location"); loc != "" && offSite(loc) {
		t.Errorf("%s redirects off-site to %q", what, loc)
	}
	for _, m := range linkAttr.FindAllStringSubmatch(res.body, -1) {
		if target := html.UnescapeString(m[1]); offSite(target) && !slices.Contains(ownExternalLinks, target) {
			t.Errorf("%s links off-site to %q", what, target)
		}
	}
	for k, vs := range res.Header {
		for _, v := range vs {
			if strings.ContainsAny(v, "\r\n") || (k != "Location" && strings.Contains(strings.ToLower(v), "evil")) {
				t.Errorf("%s: header %s: %q", what, k, v)
			}
		}
	}
}

// TestLanguageSwitcherCannotBeMadeAnOpenRedirect: neither ?lang=, nor a
// crafted path whose page carries the language links, nor ?next= on the
// login, nor header tricks lead a resident or staff member to another site.
func TestLanguageSwitcherCannotBeMadeAnOpenRedirect(t *testing.T) {
	t.Parallel()
	s := newStaffSite(t)
	s.account("a@example.dk", domain.RoleStaff)
	tok := strings.TrimPrefix(regexp.MustCompile(`/afmeld/[A-Za-z0-9_-]{43}`).FindString(
		s.post("/a/mamamove", mamaMoveForm(idem(t, s.get("/a/mamamove").body))).body), "/afmeld/")
	evil := []string{"//evil.example", "https://evil.example", "/\\evil.example", "\\\\evil.example", "%2F%2Fevil.example",
		"en%0d%0aLocation:%20https://evil.example", "en\r\nSet-Cookie: evil=1", "javascript:alert(1)", "/%09/evil.example"}
	var paths []string
	for _, p := range []string{"/", "/a/mamamove", "/privatliv", "/afmeld/" + tok, "/staff/login", "/a/findes-ikke"} {
		for _, e := range evil {
			paths = append(paths, p+"?lang="+url.QueryEscape(e), p+"?lang=en&next="+url.QueryEscape(e), p+"?lang="+e)
		}
	}
	for _, e := range evil {
		paths = append(paths, "/staff/login?next="+url.QueryEscape(e), "/staff/login?next="+e)
	}
	// Paths a browser would read as another host: the not-found page they
	// get has language links back to the same path.
	paths = append(paths, "//evil.example", "//evil.example/", "///evil.example", "//evil.example/a/mamamove",
		"/%2F%2Fevil.example", "/%2Fevil.example", "/\\evil.example", "/%5Cevil.example", "/%5C%5Cevil.example",
		"//evil.example/staff/login", "/staff//evil.example", "/a//evil.example/", "/a/mamamove/", "/staff/login/",
		"/%09/evil.example", "//evil.example%0d%0aLocation:%20https://evil.example")

	for _, p := range paths {
		req := httptest.NewRequest(http.MethodGet, "/", nil)
		u, err := url.ParseRequestURI(p)
		if err != nil {
			// A path Go's client would not send; set it raw.
			req.URL = &url.URL{Path: p}
		} else {
			req.URL = u
		}
		req.RequestURI = p
		assertStaysOnSite(t, "GET "+p, s.do(req))
	}
	// Signed in, the login page sends staff on to next, if it is theirs.
	b := s.loggedIn("a@example.dk")
	for _, e := range evil {
		for _, p := range []string{"/staff/login?next=" + url.QueryEscape(e), "/staff/login?next=" + url.QueryEscape("/staff/"+e),
			"/staff/login?lang=en&next=" + url.QueryEscape(e)} {
			res := b.get(p)
			if res.StatusCode != http.StatusSeeOther {
				t.Errorf("signed-in GET %s: %d", p, res.StatusCode)
			}
			assertStaysOnSite(t, "signed-in GET "+p, res)
		}
		res := b.post("/staff/profile?lang="+url.QueryEscape(e), url.Values{"lang": {e}, "name": {"A"}})
		assertStaysOnSite(t, "POST /staff/profile lang="+e, res)
	}
	// A proxy's X-Forwarded-Prefix is used by the router's trailing-slash
	// redirect; even a forged one keeps it on the site.
	for _, pfx := range []string{"//evil.example", "/\\evil.example", "https://evil.example", "/", "/..//evil.example"} {
		req := httptest.NewRequest(http.MethodGet, "/a/mamamove/", nil)
		req.Header.Set("X-Forwarded-Prefix", pfx)
		res := s.do(req)
		if res.StatusCode != http.StatusMovedPermanently {
			t.Errorf("trailing slash with prefix %q: %d", pfx, res.StatusCode)
		}
		assertStaysOnSite(t, "X-Forwarded-Prefix "+pfx, res)
	}
	if strings.Contains(s.log.String(), `"level":"ERROR"`) {
		t.Errorf("the attempts logged errors:\n%s", s.log)
	}
}

// signupByRef is the stored sign-up with a reference.
func signupByRef(t *testing.T, st *store.Store, ref string) store.StaffSignup {
	t.Helper()
	var id int64
	if err := st.DB().Get(&id, `SELECT id FROM signups WHERE reference = $1`, ref); err != nil {
		t.Fatal(err)
	}
	su, err := st.StaffSignupByID(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	return su
}
