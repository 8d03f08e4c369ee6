package web_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/beboerprojekt-nordvest/tilmeld/locales"
	"github.com/beboerprojekt-nordvest/tilmeld/notify"
	"github.com/beboerprojekt-nordvest/tilmeld/queue"
	"github.com/beboerprojekt-nordvest/tilmeld/sms"
	"github.com/beboerprojekt-nordvest/tilmeld/sms/smstest"
	"github.com/beboerprojekt-nordvest/tilmeld/web"
)

// sendSMS runs an SMS queue worker against a fake gateway until nothing
// is due.
func sendSMS(t *testing.T, s *site, gw *smstest.Server) {
	t.Helper()
	sendSMSAt(t, s, gw, time.Now().Add(time.Second))
}

// sendSMSAt is sendSMS on a clock standing at now.
func sendSMSAt(t *testing.T, s *site, gw *smstest.Server, now time.Time) {
	t.Helper()
	bundle, err := locales.Bundle()
	if err != nil {
		t.Fatal(err)
	}
	tz, _ := time.LoadLocation("Europe/Copenhagen")
	r := notify.Renderer{Store: s.st, Bundle: bundle, BaseURL: baseURL, Plan: "Nordvest", Contact: "+45 38 12 34 56", TZ: tz,
		Now: func() time.Time { return now }}
	quiet := slog.New(slog.NewTextHandler(io.Discard, nil))
	ch := &queue.SMS{Sender: sms.GatewayAPI{URL: gw.URL, Token: smstest.Token, Sender: "Nordvest"}, Log: quiet, Render: r.Render}
	w := queue.New(s.st, quiet, queue.Options{Now: func() time.Time { return now }}, ch)
	for {
		sent, err := w.Step(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		if !sent {
			return
		}
	}
}

var shortLinkPattern = regexp.MustCompile(`tilmeld\.example\.dk(/m/[a-z0-9]+)`)

func TestArabicSignupGetsAnArabicSMSWhoseShortLinkOpensHerPage(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	if err := s.st.SetSMSEnabled(context.Background(), true); err != nil {
		t.Fatal(err)
	}
	gw := smstest.New(t)
	form := s.get("/a/mamamove?lang=ar")
	res := s.post("/a/mamamove?lang=ar", mamaMoveForm(idem(t, form.body)))
	if res.StatusCode != http.StatusOK {
		t.Fatalf("submit: %d", res.StatusCode)
	}
	ref := reference(t, res.body)
	var queued int
	if err := s.st.DB().Get(&queued, `SELECT count(*) FROM outbox WHERE channel = 'sms' AND kind = 'confirmation'`); err != nil || queued != 1 {
		t.Fatalf("confirmations queued with the sign-up: %d, %v; want 1", queued, err)
	}
	sendSMS(t, s, gw)
	sendSMS(t, s, gw) // a second worker pass sends nothing again
	got := gw.Messages()
	if len(got) != 1 {
		t.Fatalf("gateway got %d messages, want 1", len(got))
	}
	m := got[0]
	if m.To != "+4522334455" || m.Encoding != "UCS2" || !strings.Contains(m.Text, "تم تسجيلك") || !strings.Contains(m.Text, ref) {
		t.Fatalf("SMS %+v: want Arabic, UCS-2, to her number, with her reference %s", m, ref)
	}
	if seg := sms.Count(m.Text); seg.Parts > 2 {
		t.Errorf("SMS takes %d parts", seg.Parts)
	}
	link := shortLinkPattern.FindStringSubmatch(m.Text)
	if link == nil || len("tilmeld.example.dk"+link[1]) > 30 {
		t.Fatalf("SMS has no short link of at most 30 characters: %q", m.Text)
	}
	// A fresh browser: no cookies, and a Danish Accept-Language.
	red := s.get(link[1], "Accept-Language", "da")
	if red.StatusCode != http.StatusSeeOther {
		t.Fatalf("short link: %d", red.StatusCode)
	}
	page := s.get(red.Header.Get("Location"), "Accept-Language", "da")
	if page.StatusCode != http.StatusOK || !strings.Contains(page.body, `lang="ar"`) || !strings.Contains(page.body, ref) {
		t.Fatalf("her page (%s): %d, want it in Arabic with her reference", red.Header.Get("Location"), page.StatusCode)
	}
	if strings.Contains(s.log.String(), "تم تسجيلك") || strings.Contains(s.log.String(), "22334455") {
		t.Error("the log carries the SMS or her number")
	}
	if s.get("/m/zzzzzzzz").StatusCode != http.StatusNotFound {
		t.Error("an unknown short code does not answer 404")
	}
}

func TestNoSMSQueuedWhileSMSIsOff(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	form := s.get("/a/mamamove")
	if res := s.post("/a/mamamove", mamaMoveForm(idem(t, form.body))); res.StatusCode != http.StatusOK {
		t.Fatalf("submit: %d", res.StatusCode)
	}
	var queued int
	if err := s.st.DB().Get(&queued, `SELECT count(*) FROM outbox WHERE channel = 'sms'`); err != nil || queued != 0 {
		t.Fatalf("SMS queued while off: %d, %v", queued, err)
	}
}

func TestAlreadySignedUpSendsTheLinkInsteadOfShowingIt(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	if err := s.st.SetSMSEnabled(context.Background(), true); err != nil {
		t.Fatal(err)
	}
	bundle, err := locales.Bundle()
	if err != nil {
		t.Fatal(err)
	}
	h, err := web.New(s.st, testPlan(t), bundle, slog.New(slog.NewJSONHandler(s.log, nil)),
		web.Config{BaseURL: baseURL, SendLink: s.st.QueueLinkSMS})
	if err != nil {
		t.Fatal(err)
	}
	s.h = h
	gw := smstest.New(t)
	ref := signUpAs(t, s, "da", "22334455")
	sendSMS(t, s, gw)
	// Someone tries her name and number three times (another name on
	// her number is another person: a sister on the family phone).
	for i := range 3 {
		form := s.get("/a/mamamove?lang=en")
		v := mamaMoveForm(idem(t, form.body))
		v.Set("name", " testperson  ALFA")
		res := s.post("/a/mamamove?lang=en", v)
		if res.StatusCode != http.StatusOK || !strings.Contains(res.body, "Check your phone") {
			t.Fatalf("try %d: %d, want the 'check your phone' page", i, res.StatusCode)
		}
		if strings.Contains(res.body, ref) {
			t.Fatalf("try %d: the page shows her reference", i)
		}
	}
	sendSMS(t, s, gw)
	got := gw.To("+4522334455")
	if len(got) != 2 || !strings.Contains(got[1].Text, "allerede tilmeldt") || !strings.Contains(got[1].Text, ref) {
		t.Fatalf("her phone got %d messages, want the confirmation and one link (in her language): %+v", len(got), got)
	}
}
