package staff_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"

	"github.com/beboerprojekt-nordvest/tilmeld/domain"
	"github.com/beboerprojekt-nordvest/tilmeld/notify"
	"github.com/beboerprojekt-nordvest/tilmeld/sms/smstest"
)

// A reply that is no keyword reaches staff: /staff/ counts it and links to
// the replies page, which shows what she wrote, when, and her sign-up;
// once marked handled it leaves the list.
func TestStaffReadAnSMSReplyAndMarkItHandled(t *testing.T) {
	t.Parallel()
	s := newStaffSite(t)
	s.account("svar@example.dk", domain.RoleStaff)
	ref := s.residentSignsUp("Testperson Svar", "22 33 44 08")
	const secret = "a-test-webhook-secret"
	hooks := httptest.NewServer(notify.Webhooks{Store: s.st, Secret: secret, Log: slog.New(slog.NewTextHandler(io.Discard, nil))})
	t.Cleanup(hooks.Close)
	gw := smstest.New(t)
	for _, r := range [][2]string{{"+4522334408", "Må min søster <b>komme</b> med?"}, {"+4522998877", "Hvem er I?"}} {
		if code, err := gw.Reply(context.Background(), hooks.URL+"/sms/inbound", secret, r[0], r[1]); err != nil || code != http.StatusNoContent {
			t.Fatalf("reply: %d %v", code, err)
		}
	}
	b := s.loggedIn("svar@example.dk")
	mustContain(t, "staff home", b.get("/staff/").body, `<a href="/staff/replies">2 SMS-svar venter på jer</a>`)
	page := b.get("/staff/replies")
	if page.StatusCode != http.StatusOK {
		t.Fatalf("replies page: %d", page.StatusCode)
	}
	mustContain(t, "replies page", page.body, "Må min søster &lt;b&gt;komme&lt;/b&gt; med?", "Hvem er I?",
		"Tilmelding "+ref+": MamaMove", "Nummeret har ingen tilmelding hos os.")
	forms := regexp.MustCompile(`action="(/staff/replies/[0-9]+/handled)"`).FindAllStringSubmatch(page.body, -1)
	if len(forms) != 2 || strings.Index(page.body, "søster") > strings.Index(page.body, "Hvem er I?") {
		t.Fatalf("want two replies, oldest first, each with a handled button:\n%s", page.body)
	}
	if res := b.post(forms[0][1], nil); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("mark handled: %d", res.StatusCode)
	}
	page = b.get("/staff/replies")
	if strings.Contains(page.body, "søster") || !strings.Contains(page.body, "Hvem er I?") {
		t.Errorf("after marking the first handled:\n%s", page.body)
	}
	mustContain(t, "staff home", b.get("/staff/").body, "1 SMS-svar venter på jer")
	if res := s.browser("10.7.7.7").get("/staff/replies"); res.StatusCode == http.StatusOK || strings.Contains(res.body, "Hvem er I?") {
		t.Errorf("replies without logging in: %d", res.StatusCode)
	}
}
