package main

import (
	"crypto/rand"
	"encoding/base64"
	"io"
	"net/http"
	"net/url"
	"path/filepath"
	"strings"
	"testing"

	"github.com/beboerprojekt-nordvest/tilmeld/store/storetest"
	"github.com/jmoiron/sqlx"
)

// TestASecondPlanIsASecondFile runs `tilmeld serve` with the made-up
// plan in plans/testdata/example.toml instead of the embedded one: its
// name, logo text and contact are on the pages, its own activity is
// seeded, and a resident who names her street and house number is signed
// up in the department that address belongs to.
func TestASecondPlanIsASecondFile(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the service")
	}
	t.Parallel()
	plan, err := filepath.Abs("../../plans/testdata/example.toml")
	if err != nil {
		t.Fatal(err)
	}
	bin := buildService(t)
	dbURL := storetest.NewDatabase(t)
	key := make([]byte, 32)
	rand.Read(key)
	var logs strings.Builder
	t.Cleanup(func() {
		if t.Failed() {
			t.Log(logs.String())
		}
	})
	svc := startServiceLogging(t, bin, &logs, "DATABASE_URL="+dbURL, "TILMELD_PLAN="+plan,
		"TILMELD_DATA_KEY="+base64.StdEncoding.EncodeToString(key))

	home := get(t, svc.base+"/?lang=en")
	// (html/template writes the phone number's + as &#43;.)
	for _, want := range []string{`class="brand">Fjordbyen</a>`, "Fjordbyen Bomiljø", "47 00 00 00 00",
		"post@fjordbyen.invalid", "Beach clean-up"} {
		if !strings.Contains(home, want) {
			t.Errorf("the home page lacks %q", want)
		}
	}
	form := get(t, svc.base+"/a/strandrydding?lang=en")
	for _, want := range []string{"Which street do you live on?", `<option value="Tangvegen">`, "Nordre Brygge", "Søndre Brygge"} {
		if !strings.Contains(form, want) {
			t.Errorf("the form lacks %q", want)
		}
	}
	if strings.Contains(form, "Bispeparken") {
		t.Error("the form offers the embedded plan's departments")
	}
	idem := idemInPage.FindStringSubmatch(form)
	if idem == nil {
		t.Fatal("the form has no idempotency key")
	}
	answers := url.Values{"_idem": {idem[1]}, "name": {"Testperson Fjord"}, "phone": {"+45 20 00 00 01"},
		"department-street": {"Tangvegen"}, "department-number": {"99"}, "consent": {"yes"}}
	status, body := post(t, svc.base+"/a/strandrydding?lang=en", answers)
	if status != http.StatusUnprocessableEntity || !strings.Contains(body, "We cannot find Tangvegen 99") {
		t.Fatalf("an address outside the plan: status %d, want 422 and the reason", status)
	}
	answers.Set("department-number", "12")
	if status, body = post(t, svc.base+"/a/strandrydding?lang=en", answers); status != http.StatusOK || refInPage.FindString(body) == "" {
		t.Fatalf("sign-up with Tangvegen 12: status %d, no confirmation", status)
	}
	if !strings.Contains(body, "Someone from Fjordbyen Bomiljø will contact you") {
		t.Error("the confirmation does not say who will call: the plan's name")
	}

	db, err := sqlx.Open("postgres", dbURL)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var dept string
	if err := db.Get(&dept, `SELECT department FROM signups`); err != nil {
		t.Fatal(err)
	}
	if dept != "sondre-brygge" {
		t.Errorf("Tangvegen 12 was signed up in department %q, want sondre-brygge (the even side)", dept)
	}
}

func get(t *testing.T, u string) string {
	t.Helper()
	res, err := http.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	if res.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: %d", u, res.StatusCode)
	}
	return string(b)
}

func post(t *testing.T, u string, form url.Values) (int, string) {
	t.Helper()
	res, err := http.PostForm(u, form)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(b)
}
