package web_test

import (
	"context"
	"log/slog"
	"net/http"
	"strings"
	"testing"

	"github.com/beboerprojekt-nordvest/tilmeld/locales"
	"github.com/beboerprojekt-nordvest/tilmeld/sms/smstest"
	"github.com/beboerprojekt-nordvest/tilmeld/web"
)

// smsSite is a site with SMS on, as tilmeld serve runs it with
// TILMELD_SMS set: the database queues messages, the form asks, and a
// number signed up already is sent its link.
func smsSite(t *testing.T) *site {
	t.Helper()
	s := newSite(t)
	if err := s.st.SetSMSEnabled(context.Background(), true); err != nil {
		t.Fatal(err)
	}
	bundle, err := locales.Bundle()
	if err != nil {
		t.Fatal(err)
	}
	h, err := web.New(s.st, testPlan(t), bundle, slog.New(slog.NewJSONHandler(s.log, nil)),
		web.Config{BaseURL: baseURL, SMS: true, SendLink: s.st.QueueLinkSMS})
	if err != nil {
		t.Fatal(err)
	}
	s.h = h
	return s
}

// smsTick is the tick as the form shows it, ticked, with its label.
const smsTick = `<input type="checkbox" id="f-sms" name="_sms" value="yes" checked><label for="f-sms">`

// signUpTicking signs a woman up for MamaMove with or without the SMS
// tick, as a browser sends the form: an unticked box sends nothing.
func signUpTicking(t *testing.T, s *site, name, phone string, tick bool) string {
	t.Helper()
	form := s.get("/a/mamamove?lang=da")
	v := mamaMoveForm(idem(t, form.body))
	v.Set("name", name)
	v.Set("phone", phone)
	if tick {
		v.Set("_sms", "yes")
	}
	res := s.post("/a/mamamove?lang=da", v)
	if res.StatusCode != http.StatusOK {
		t.Fatalf("sign-up for %s: %d", name, res.StatusCode)
	}
	return reference(t, res.body)
}

func TestSignupFormAsksForSMSTickedOnlyWhileSMSIsOn(t *testing.T) {
	t.Parallel()
	on := smsSite(t)
	for _, c := range []struct{ lang, label string }{
		{"da", "Send mig SMS om denne tilmelding (bekræftelse, påmindelse, tilbud om en plads)"},
		{"ar", "أرسلوا لي رسائل SMS عن هذا التسجيل"},
		{"tr", "Bu kayıtla ilgili bana SMS gönderin"},
	} {
		body := on.get("/a/mamamove?lang=" + c.lang).body
		if !strings.Contains(body, smsTick+c.label) {
			t.Errorf("%s form lacks the ticked SMS box labelled %q", c.lang, c.label)
		}
	}
	off := newSite(t)
	if body := off.get("/a/mamamove").body; strings.Contains(body, `name="_sms"`) || strings.Contains(body, "Send mig SMS") {
		t.Error("the form asks about SMS while SMS is off")
	}
}

func TestUntickedSMSBoxSurvivesAFormWithErrors(t *testing.T) {
	t.Parallel()
	s := smsSite(t)
	for _, tick := range []bool{false, true} {
		v := mamaMoveForm(idem(t, s.get("/a/mamamove").body))
		v.Del("name")
		if tick {
			v.Set("_sms", "yes")
		}
		res := s.post("/a/mamamove", v)
		if res.StatusCode != http.StatusUnprocessableEntity {
			t.Fatalf("form without a name: %d", res.StatusCode)
		}
		if ticked := strings.Contains(res.body, `name="_sms" value="yes" checked`); ticked != tick {
			t.Errorf("sent with the box ticked %v, came back ticked %v", tick, ticked)
		}
	}
}

func TestSignupThatUntickedSMSGetsNoTextButHerOtherSignupsDo(t *testing.T) {
	t.Parallel()
	s := smsSite(t)
	gw := smstest.New(t)
	// Two sisters on the family phone: one keeps the tick, one unticks.
	signUpTicking(t, s, "Testperson Ja", "22334455", true)
	refNo := signUpTicking(t, s, "Testperson Nej", "22334455", false)
	signUpTicking(t, s, "Testperson Anden", "22334466", false)
	sendSMS(t, s, gw)
	if got := gw.To("+4522334455"); len(got) != 1 || strings.Contains(got[0].Text, refNo) {
		t.Fatalf("the family phone got %d messages, want only the confirmation of the sign-up that said yes: %+v", len(got), got)
	}
	if got := gw.To("+4522334466"); len(got) != 0 {
		t.Fatalf("a number whose only sign-up said no got %+v", got)
	}
	// She types her number again: the page says a text is on its way,
	// as for anyone, but her sign-up said no, so none goes.
	v := mamaMoveForm(idem(t, s.get("/a/mamamove?lang=da").body))
	v.Set("name", "Testperson Anden")
	v.Set("phone", "22334466")
	v.Set("_sms", "yes")
	if res := s.post("/a/mamamove?lang=da", v); res.StatusCode != http.StatusOK || !strings.Contains(res.body, "Tjek din telefon") {
		t.Fatalf("signed up again: %d, want the 'check your phone' page", res.StatusCode)
	}
	// A message about her sign-up queued by any other way is held back
	// when it is due.
	if _, err := s.st.DB().Exec(`INSERT INTO outbox (channel, kind, method, dedupe_key, order_key, payload, signup_id, phone_hash)
		SELECT 'sms', 'link', 'sms', 'test:link:' || id, 'sms:test', '{}', id, phone_hash FROM signups WHERE reference = $1`, refNo); err != nil {
		t.Fatal(err)
	}
	sendSMS(t, s, gw)
	if got := gw.To("+4522334466"); len(got) != 0 {
		t.Fatalf("her link went out although her sign-up said no: %+v", got)
	}
	if got := gw.To("+4522334455"); len(got) != 1 {
		t.Fatalf("a message about the sign-up that said no went out: %+v", got[1:])
	}
}

func TestTickingYesAfterSTOPGetsHerMessagesAgain(t *testing.T) {
	t.Parallel()
	s := smsSite(t)
	gw := smstest.New(t)
	signUpTicking(t, s, "Testperson Alfa", "22334455", true)
	if err := s.st.OptOut(context.Background(), "+4522334455"); err != nil { // she answered STOP
		t.Fatal(err)
	}
	signUpTicking(t, s, "Testperson Beta", "22334455", false)
	sendSMS(t, s, gw)
	if got := gw.To("+4522334455"); len(got) != 0 {
		t.Fatalf("after STOP and a sign-up that said no, her phone got %+v", got)
	}
	ref := signUpTicking(t, s, "Testperson Gamma", "22334455", true)
	sendSMS(t, s, gw)
	if got := gw.To("+4522334455"); len(got) != 1 || !strings.Contains(got[0].Text, ref) {
		t.Fatalf("after ticking yes again her phone got %+v, want the confirmation of %s", got, ref)
	}
}
