package web_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/beboerprojekt-nordvest/tilmeld/locales"
	"github.com/beboerprojekt-nordvest/tilmeld/notify"
	"github.com/beboerprojekt-nordvest/tilmeld/sms/smstest"
	"github.com/beboerprojekt-nordvest/tilmeld/store"
)

const webhookSecret = "a-test-webhook-secret"

// signUpAs signs a resident up for MamaMove in a language with a number.
func signUpAs(t *testing.T, s *site, lang, phone string) string {
	t.Helper()
	form := s.get("/a/mamamove?lang=" + lang)
	v := mamaMoveForm(idem(t, form.body))
	v.Set("phone", phone)
	res := s.post("/a/mamamove?lang="+lang, v)
	if res.StatusCode != http.StatusOK {
		t.Fatalf("sign-up in %s: %d", lang, res.StatusCode)
	}
	return reference(t, res.body)
}

func webhooks(t *testing.T, s *site) *httptest.Server {
	bundle, err := locales.Bundle()
	if err != nil {
		t.Fatal(err)
	}
	r := notify.Renderer{Store: s.st, Bundle: bundle, BaseURL: baseURL, Plan: "Nordvest", Contact: "+45 38 12 34 56", TZ: time.UTC}
	srv := httptest.NewServer(notify.Webhooks{Store: s.st, Renderer: r, Secret: webhookSecret,
		Log: slog.New(slog.NewTextHandler(io.Discard, nil))})
	t.Cleanup(srv.Close)
	return srv
}

func statusOf(t *testing.T, s *site, ref string) string {
	t.Helper()
	var st string
	if err := s.st.DB().Get(&st, `SELECT status FROM signups WHERE reference = $1`, ref); err != nil {
		t.Fatal(err)
	}
	return st
}

func TestReplyingCancelInEachLanguageCancelsAndAnswersInHerLanguage(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	if err := s.st.SetSMSEnabled(context.Background(), true); err != nil {
		t.Fatal(err)
	}
	gw := smstest.New(t)
	hooks := webhooks(t, s)
	words := map[string]struct{ word, answer string }{
		"da": {"Afmeld", "er afmeldt"}, "en": {"CANCEL", "is cancelled"}, "ar": {"إلغاء", "تم إلغاء"},
		"so": {"Baaji", "waa la joojiyey"}, "tr": {"İPTAL", "iptal edildi"}, "ur": {"منسوخ", "منسوخ ہو گئی"}, "fa": {"لغو", "لغو شد"},
	}
	i := 0
	for lang, w := range words {
		i++
		phone := "+452233440" + string(rune('0'+i))
		ref := signUpAs(t, s, lang, phone[3:])
		code, err := gw.Reply(context.Background(), hooks.URL+"/sms/inbound", webhookSecret, phone, w.word)
		if err != nil || code != http.StatusNoContent {
			t.Fatalf("%s reply: %d, %v", lang, code, err)
		}
		if st := statusOf(t, s, ref); st != "cancelled" {
			t.Errorf("%s: %q did not cancel (status %s)", lang, w.word, st)
		}
	}
	sendSMS(t, s, gw)
	for lang, w := range words {
		found := false
		for _, m := range gw.Messages() {
			if strings.Contains(m.Text, w.answer) {
				found = true
			}
		}
		if !found {
			t.Errorf("%s: no answer saying %q", lang, w.answer)
		}
	}
}

func TestReplyStopStopsEveryMessageUntilSheSignsUpAgain(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	if err := s.st.SetSMSEnabled(context.Background(), true); err != nil {
		t.Fatal(err)
	}
	gw := smstest.New(t)
	hooks := webhooks(t, s)
	signUpAs(t, s, "da", "22334455")
	if code, _ := gw.Reply(context.Background(), hooks.URL+"/sms/inbound", webhookSecret, "+4522334455", "STOP"); code != http.StatusNoContent {
		t.Fatalf("reply: %d", code)
	}
	sendSMS(t, s, gw)
	got := gw.To("+4522334455")
	if len(got) != 1 || !strings.Contains(got[0].Text, "ikke flere sms") {
		t.Fatalf("after STOP she got %d messages, want only the answer: %+v", len(got), got)
	}
	var optedOut int
	s.st.DB().Get(&optedOut, `SELECT count(*) FROM sms_optouts`)
	if optedOut != 1 {
		t.Errorf("opt-outs: %d", optedOut)
	}
}

func TestWebhookWithABadSecretChangesNothing(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	if err := s.st.SetSMSEnabled(context.Background(), true); err != nil {
		t.Fatal(err)
	}
	gw := smstest.New(t)
	hooks := webhooks(t, s)
	ref := signUpAs(t, s, "da", "22334455")
	for _, secret := range []string{"the-wrong-secret-000", ""} {
		code, err := gw.Reply(context.Background(), hooks.URL+"/sms/inbound", secret, "+4522334455", "AFMELD")
		if err != nil || code != http.StatusUnauthorized {
			t.Errorf("secret %q: %d, %v; want 401", secret, code, err)
		}
		code, _ = gw.ReportStatus(context.Background(), hooks.URL+"/sms/status", secret, smstest.Message{ID: 1, To: "+4522334455"}, "DELIVERED")
		if code != http.StatusUnauthorized {
			t.Errorf("status with secret %q: %d, want 401", secret, code)
		}
	}
	if st := statusOf(t, s, ref); st != "confirmed" {
		t.Errorf("sign-up is %s after unsigned webhooks", st)
	}
	var stored int
	s.st.DB().Get(&stored, `SELECT count(*) FROM sms_inbound`)
	if stored != 0 {
		t.Errorf("%d replies stored from unsigned webhooks", stored)
	}
}

func TestDeliveryReportIsKeptOnTheMessage(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	if err := s.st.SetSMSEnabled(context.Background(), true); err != nil {
		t.Fatal(err)
	}
	gw := smstest.New(t)
	hooks := webhooks(t, s)
	signUpAs(t, s, "da", "22334455")
	sendSMS(t, s, gw)
	m := gw.Messages()[0]
	if code, _ := gw.ReportStatus(context.Background(), hooks.URL+"/sms/status", webhookSecret, m, "DELIVERED"); code != http.StatusNoContent {
		t.Fatalf("status: %d", code)
	}
	var delivery string
	s.st.DB().Get(&delivery, `SELECT delivery FROM outbox WHERE channel = 'sms'`)
	if delivery != "DELIVERED" {
		t.Errorf("delivery %q", delivery)
	}
	counts, err := s.st.SMSCounts(context.Background())
	if err != nil || len(counts) != 1 || counts[0].Kind != "confirmation" || counts[0].State != "sent" || counts[0].N != 1 {
		t.Errorf("SMS counts %+v, %v; want one sent confirmation", counts, err)
	}
}

func TestAnUnknownReplyIsKeptForStaffSealed(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	gw := smstest.New(t)
	hooks := webhooks(t, s)
	signUpAs(t, s, "da", "22334455")
	if code, _ := gw.Reply(context.Background(), hooks.URL+"/sms/inbound", webhookSecret, "+4522334455", "Kan min søn også komme?"); code != http.StatusNoContent {
		t.Fatalf("reply: %d", code)
	}
	var body, action string
	s.st.DB().QueryRow(`SELECT body, action FROM sms_inbound`).Scan(&body, &action)
	if action != "for_staff" || body == "" || strings.Contains(body, "søn") {
		t.Errorf("kept %q as %q; want it sealed, for staff", body, action)
	}
	// Erasing her data erases her replies.
	if _, err := s.st.ErasePerson(context.Background(), "+4522334455", store.Actor{Addr: "test"}, time.Now()); err != nil {
		t.Fatal(err)
	}
	var left int
	s.st.DB().Get(&left, `SELECT count(*) FROM sms_inbound`)
	if left != 0 {
		t.Errorf("%d replies left after erasure", left)
	}
}

// cancelTokenOf is the private link token of the sign-up with ref. Only
// its hash is stored; the store derives the token with the data key.
func cancelTokenOf(t *testing.T, s *site, ref string) string {
	t.Helper()
	var id int64
	if err := s.st.DB().Get(&id, `SELECT id FROM signups WHERE reference = $1`, ref); err != nil {
		t.Fatal(err)
	}
	su, err := s.st.SignupByID(context.Background(), id)
	if err != nil || su.CancelToken == "" {
		t.Fatalf("sign-up %s: token %q, %v", ref, su.CancelToken, err)
	}
	return su.CancelToken
}
