package web_test

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"net/http"
	"strings"
	"testing"

	"github.com/beboerprojekt-nordvest/tilmeld/crypt"
	"github.com/beboerprojekt-nordvest/tilmeld/sms/smstest"
	"github.com/beboerprojekt-nordvest/tilmeld/store"
	"github.com/beboerprojekt-nordvest/tilmeld/store/storetest"
	"github.com/beboerprojekt-nordvest/tilmeld/web"
)

// Sign-ups whose private cancel token the current data key cannot derive:
// stored before migration 010 (a random token only she holds) or made
// under a key a rotation has since retired. Every link she holds must
// keep working, and her SMS reply must still cancel.

// signUpWithSMS signs a resident up in lang with SMS on, sends her
// confirmation and returns her reference and the SMS's short link path.
func signUpWithSMS(t *testing.T, s *site, gw *smstest.Server, lang, phone string) (ref, shortLink string) {
	t.Helper()
	if err := s.st.SetSMSEnabled(context.Background(), true); err != nil {
		t.Fatal(err)
	}
	ref = signUpAs(t, s, lang, phone)
	sendSMS(t, s, gw)
	msgs := gw.Messages()
	link := shortLinkPattern.FindStringSubmatch(msgs[len(msgs)-1].Text)
	if link == nil {
		t.Fatalf("her confirmation has no short link: %q", msgs[len(msgs)-1].Text)
	}
	return ref, link[1]
}

// asBeforeMigration010 gives the sign-up a random cancel token, stored as
// migration 010 left such tokens (its SHA-256 in hex), and returns it: the
// link she was given then.
func asBeforeMigration010(t *testing.T, s *site, ref string) string {
	t.Helper()
	b := make([]byte, 16)
	rand.Read(b)
	old := "pre010-" + hex.EncodeToString(b)
	if _, err := s.st.DB().Exec(`UPDATE signups SET cancel_token = encode(sha256(convert_to($1, 'UTF8')), 'hex')
		WHERE reference = $2`, old, ref); err != nil {
		t.Fatal(err)
	}
	return old
}

// opensHerPage follows a short link and checks it lands on her own page.
func opensHerPage(t *testing.T, s *site, shortLink, ref, lang string) {
	t.Helper()
	red := s.get(shortLink, "Accept-Language", "da")
	loc := red.Header.Get("Location")
	if red.StatusCode != http.StatusSeeOther || strings.HasPrefix(loc, "/afmeld/?") {
		t.Fatalf("short link: %d to %q, want her page", red.StatusCode, loc)
	}
	page := s.get(loc)
	if page.StatusCode != http.StatusOK || !strings.Contains(page.body, ref) || !strings.Contains(page.body, `lang="`+lang+`"`) {
		t.Fatalf("short link's page %s: %d, want her page in %s", loc, page.StatusCode, lang)
	}
}

// oldLinkWorks checks that the link she was given opens her page.
func oldLinkWorks(t *testing.T, s *site, token, ref string) {
	t.Helper()
	if page := s.get("/afmeld/" + token); page.StatusCode != http.StatusOK || !strings.Contains(page.body, ref) {
		t.Fatalf("her old link: %d, want her page with %s", page.StatusCode, ref)
	}
}

// cancelsBySMS replies AFMELD and checks her sign-up is cancelled and she
// gets the answer.
func cancelsBySMS(t *testing.T, s *site, gw *smstest.Server, phone, ref, answer string) {
	t.Helper()
	code, err := gw.Reply(context.Background(), webhooks(t, s).URL+"/sms/inbound", webhookSecret, phone, "AFMELD")
	if err != nil || code != http.StatusNoContent {
		t.Fatalf("AFMELD reply: %d, %v (the gateway retries anything else)", code, err)
	}
	if st := statusOf(t, s, ref); st != "cancelled" {
		t.Fatalf("AFMELD left her sign-up %s", st)
	}
	sendSMS(t, s, gw)
	msgs := gw.Messages()
	if last := msgs[len(msgs)-1]; last.To != phone || !strings.Contains(last.Text, answer) {
		t.Fatalf("her answer: %+v, want %q", last, answer)
	}
}

func TestSignupFromBeforeHashedTokensKeepsHerLinksOnceStartUpDerivesHerToken(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	gw := smstest.New(t)
	ref, short := signUpWithSMS(t, s, gw, "tr", "22334411")
	old := asBeforeMigration010(t, s, ref)
	n, err := s.st.RehashCancelTokens(context.Background(), 500) // as tilmeld serve does at start
	if err != nil || n != 1 {
		t.Fatalf("start-up derived %d tokens, %v; want her one", n, err)
	}
	oldLinkWorks(t, s, old, ref)
	opensHerPage(t, s, short, ref, "tr")
	cancelsBySMS(t, s, gw, "+4522334411", ref, "iptal edildi")
	oldLinkWorks(t, s, old, ref) // her page now says it is cancelled
}

func TestUnderivableTokenStillCancelsBySMSAndItsShortLinkSaysWhy(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	gw := smstest.New(t)
	ref, short := signUpWithSMS(t, s, gw, "so", "22334412")
	asBeforeMigration010(t, s, ref) // and start-up has not derived her a token yet
	page := s.get(short, "Accept-Language", "da")
	if page.StatusCode != http.StatusOK || !strings.Contains(page.body, "Boggaaga halkan lagama furi karo") {
		t.Fatalf("short link: %d to %q, want a page in Somali saying why it cannot open hers", page.StatusCode, page.Header.Get("Location"))
	}
	cancelsBySMS(t, s, gw, "+4522334412", ref, "waa la joojiyey")
}

func TestKeyRotationKeepsHerLinksWorkingOnceTheOldKeyIsRetired(t *testing.T) {
	t.Parallel()
	dbURL := storetest.NewDatabase(t)
	gw := smstest.New(t)
	cfg := web.Config{BaseURL: baseURL}
	before := siteOn(t, dbURL, cfg) // the test key, about to be retired
	ref, short := signUpWithSMS(t, before, gw, "ur", "22334413")
	old := cancelTokenOf(t, before, ref)

	oldKey, _ := crypt.ParseKey(storetest.TestKey)
	newKey, _ := crypt.ParseKey(crypt.GenerateKey())
	during, err := store.Open(context.Background(), dbURL, store.WithKeys(crypt.NewKeyring(newKey, oldKey)))
	if err != nil {
		t.Fatal(err)
	}
	defer during.Close()
	if _, err := during.RotateKeys(context.Background(), 500); err != nil {
		t.Fatal(err)
	}

	after := siteOnKeys(t, dbURL, cfg, crypt.NewKeyring(newKey))
	oldLinkWorks(t, after, old, ref)
	opensHerPage(t, after, short, ref, "ur")
	cancelsBySMS(t, after, gw, "+4522334413", ref, "منسوخ ہو گئی")
}
