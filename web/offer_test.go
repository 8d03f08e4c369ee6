package web_test

import (
	"context"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/beboerprojekt-nordvest/tilmeld/sms/smstest"
)

var answerForms = regexp.MustCompile(`<form method="post" action="(/afmeld/[^"?]+/(ja|nej))\?lang=[a-z]+">`)

// A place frees on a full activity: the first in line gets an offer by
// SMS, whose link opens her page with the deadline and two buttons.
// Declining passes the offer to the next, who accepts it.
func TestOfferIsAcceptedAndDeclinedOnHerPage(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	ctx := context.Background()
	if err := s.st.SetSMSEnabled(ctx, true); err != nil {
		t.Fatal(err)
	}
	gw := smstest.New(t)
	if _, err := s.st.DB().Exec(`UPDATE activities SET capacity = 1 WHERE slug = 'mamamove'`); err != nil {
		t.Fatal(err)
	}
	refA := signUpAs(t, s, "da", "22334455")
	refB := signUpAs(t, s, "en", "22334466")
	refC := signUpAs(t, s, "ar", "22334477")
	if res := s.post("/afmeld/"+cancelTokenOf(t, s, refA), nil); res.StatusCode != http.StatusOK {
		t.Fatalf("cancel: %d", res.StatusCode)
	}
	if form := s.get("/a/mamamove"); !strings.Contains(form.body, "Alle pladser er taget") {
		t.Errorf("the place held by the offer is shown as free:\n%s", form.body)
	}
	sendSMS(t, s, gw)
	offers := gw.To("+4522334466")
	if len(offers) != 2 || !strings.Contains(offers[1].Text, "is yours if you answer by") {
		t.Fatalf("first in line got %+v; want the waiting-list SMS, then the offer in English", offers)
	}
	link := shortLinkPattern.FindStringSubmatch(offers[1].Text)
	if link == nil {
		t.Fatalf("the offer has no short link: %q", offers[1].Text)
	}
	red := s.get(link[1])
	page := s.get(red.Header.Get("Location"))
	if page.StatusCode != http.StatusOK || !strings.Contains(page.body, "A place is yours if you want it") {
		t.Fatalf("her page from the offer's link: %d\n%s", page.StatusCode, page.body)
	}
	forms := answerForms.FindAllStringSubmatch(page.body, -1)
	if len(forms) != 2 || forms[0][2] != "ja" || forms[1][2] != "nej" || strings.Contains(page.body, "<script") {
		t.Fatalf("her page's answers: %v; want two plain forms, yes then no", forms)
	}
	// The deadline on the page is the one in the SMS, 48 hours on.
	until := time.Now().Add(48 * time.Hour).In(cph(t))
	if hm := until.Format("15:04"); !strings.Contains(offers[1].Text, until.Format("02/01")+" ") || !strings.Contains(page.body, hm[:3]) {
		t.Errorf("deadline about %s not in the SMS %q or on the page", until.Format("02/01 15:04"), offers[1].Text)
	}
	declined := s.post(forms[1][1]+"?lang=en", nil)
	if !strings.Contains(declined.body, "The place now goes to the next person") {
		t.Fatalf("after declining:\n%s", declined.body)
	}
	// The next in line, in Arabic, is offered the place and accepts.
	sendSMS(t, s, gw)
	if got := gw.To("+4522334477"); len(got) != 2 || !strings.Contains(got[1].Text, "لك مكان") {
		t.Fatalf("the next in line got %+v; want the waiting-list SMS, then the offer in Arabic", got)
	}
	tokenC := cancelTokenOf(t, s, refC)
	pageC := s.get("/afmeld/" + tokenC + "?lang=ar")
	if !strings.Contains(pageC.body, "هناك مكان لك إذا أردته") {
		t.Fatalf("the next in line's page shows no offer:\n%s", pageC.body)
	}
	accepted := s.post("/afmeld/"+tokenC+"/ja?lang=ar", nil)
	if !strings.Contains(accepted.body, "المكان لك") {
		t.Fatalf("after accepting:\n%s", accepted.body)
	}
	var status string
	s.st.DB().Get(&status, `SELECT status FROM signups WHERE reference = $1`, refC)
	if status != "confirmed" {
		t.Fatalf("after accepting she is %s", status)
	}
	// Her yes needs no second SMS; the one who said no gets nothing more.
	sendSMS(t, s, gw)
	if n := len(gw.To("+4522334477")); n != 2 {
		t.Errorf("the one who accepted got %d messages, want 2 (waiting list, offer)", n)
	}
	if again := s.get("/afmeld/" + cancelTokenOf(t, s, refB) + "?lang=en"); !strings.Contains(again.body, "You have cancelled") {
		t.Errorf("the one who declined sees:\n%s", again.body)
	}
}

// An offer she let run out: her page says so, before and after it is
// passed on, and her yes changes nothing.
func TestHerPageSaysTheOfferRanOut(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	ctx := context.Background()
	if err := s.st.SetSMSEnabled(ctx, true); err != nil {
		t.Fatal(err)
	}
	if _, err := s.st.DB().Exec(`UPDATE activities SET capacity = 1 WHERE slug = 'mamamove'`); err != nil {
		t.Fatal(err)
	}
	refA := signUpAs(t, s, "da", "22334455")
	refB := signUpAs(t, s, "da", "22334466")
	s.post("/afmeld/"+cancelTokenOf(t, s, refA), nil)
	if _, err := s.st.DB().Exec(`UPDATE signups SET offer_expires_at = now() - interval '1 minute' WHERE reference = $1`, refB); err != nil {
		t.Fatal(err)
	}
	tokenB := cancelTokenOf(t, s, refB)
	if res := s.post("/afmeld/"+tokenB+"/ja", nil); !strings.Contains(res.body, "Tilbuddet er udløbet") {
		t.Fatalf("a yes after the deadline:\n%s\n%s", res.body, s.log.String())
	}
	if n, err := s.st.ExpireOffers(ctx, time.Now()); err != nil || n != 1 {
		t.Fatalf("expire: %d, %v", n, err)
	}
	if res := s.get("/afmeld/" + tokenB); !strings.Contains(res.body, "Tilbuddet er udløbet") {
		t.Fatalf("her page after the offer passed on:\n%s", res.body)
	}
}

func cph(t *testing.T) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation("Europe/Copenhagen")
	if err != nil {
		t.Fatal(err)
	}
	return loc
}
