package bot

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/beboerprojekt-nordvest/tilmeld/locales"
	"github.com/beboerprojekt-nordvest/tilmeld/notify"
	"github.com/beboerprojekt-nordvest/tilmeld/sms"
)

func TestGoldenChatPostMessageSMSReply(t *testing.T) {
	b, fake := goldenBot(t)
	send(t, b, SMSReplyNotice(b.bundle, staffChan, testBaseURL+"/")("4711"), "")
	checkGolden(t, fake, "chat.postMessage", "chat_postMessage_sms_reply_da")
}

// A reply that is no keyword is announced in the staff channel once, even
// when the gateway calls the webhook three times for it, and the channel
// never sees what she wrote or her number: only a link to the staff page.
func TestAnSMSReplyIsAnnouncedInTheStaffChannelOnceWithoutTextOrNumber(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	bundle, err := locales.Bundle()
	if err != nil {
		t.Fatal(err)
	}
	const secret = "a-test-webhook-secret"
	hooks := httptest.NewServer(notify.Webhooks{Store: h.st, Secret: secret,
		Log:         slog.New(slog.NewTextHandler(io.Discard, nil)),
		StaffNotice: SMSReplyNotice(bundle, staffChan, testBaseURL)})
	t.Cleanup(hooks.Close)
	reply := func(in sms.Inbound) {
		t.Helper()
		body, _ := json.Marshal(in)
		req, _ := http.NewRequestWithContext(context.Background(), http.MethodPost, hooks.URL+"/sms/inbound", bytes.NewReader(body))
		req.Header.Set(sms.SignatureHeader, sms.Sign(in, secret))
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != http.StatusNoContent {
			t.Fatalf("inbound webhook: %d", res.StatusCode)
		}
	}
	first := sms.Inbound{ID: 5001, MSISDN: 4522334455, Receiver: 4512345678, Message: "Kan min søn komme med? Ring 22 33 44 55"}
	for range 3 { // the gateway did not hear our answer, and calls again
		reply(first)
	}
	reply(sms.Inbound{ID: 5002, MSISDN: 4522334466, Receiver: 4512345678, Message: "Hvor ligger lokalet henne"})
	h.startWorker(fastWorker)
	h.drain()
	posts := h.slack.Delivered("chat.postMessage")
	if len(posts) != 2 {
		t.Fatalf("%d notices in Slack, want one per reply (2)", len(posts))
	}
	for _, p := range posts {
		if p.Params["channel"] != staffChan || !strings.Contains(p.JSON(), testBaseURL+"/staff/replies") {
			t.Errorf("notice %s: want the staff channel and a link to the replies page", p.JSON())
		}
	}
	all := h.slack.Everything()
	for _, secret := range []string{"søn", "Ring", "lokalet", "22334455", "22 33 44 55", "22334466"} {
		if strings.Contains(all, secret) {
			t.Errorf("Slack was sent %q", secret)
		}
	}
}
