package bot

import (
	"context"
	"encoding/json"
	"flag"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/beboerprojekt-nordvest/tilmeld/domain"
	"github.com/beboerprojekt-nordvest/tilmeld/locales"
	"github.com/beboerprojekt-nordvest/tilmeld/store"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// goldenBot is a bot talking to a fake Slack, with no database: layouts
// need none.
func goldenBot(t *testing.T) (*Bot, *fakeSlack) {
	t.Helper()
	fake := newFakeSlack(t)
	bundle, err := locales.Bundle()
	if err != nil {
		t.Fatal(err)
	}
	b, err := New(nil, testPlan(t), bundle, slog.New(slog.NewTextHandler(io.Discard, nil)), Config{SigningSecret: testSecret,
		BotToken: "xoxb-test", StaffChannel: staffChan, APIURL: fake.URL(), BaseURL: testBaseURL})
	if err != nil {
		t.Fatal(err)
	}
	return b, fake
}

func fixtureActivities() []domain.Activity {
	return []domain.Activity{
		{ID: 5, Area: domain.AreaCrimePrevention, Texts: domain.Texts{Title: domain.Text{"da": "Forældre for Forandring", "en": "Forældre for Forandring – a group for parents of teenagers"}}},
		{ID: 1, Area: domain.AreaEducation, Texts: domain.Texts{Title: domain.Text{"da": "MamaMove – træning for mødre", "en": "MamaMove – exercise for mothers"}}},
		{ID: 9, Area: domain.AreaEmployment, Texts: domain.Texts{Title: domain.Text{"da": "Jobaften", "en": "Job evening (jobaften)"}}},
	}
}

func fixtureReferral(status domain.ReferralStatus) domain.Referral {
	at := time.Date(2026, 11, 27, 10, 0, 0, 0, time.UTC)
	sid := int64(77)
	r := domain.Referral{ID: 42, Number: 1042, Target: domain.Target{ActivityID: 5},
		FirstName: "Amina", Phone: "+4531415926", Department: "fsb-01-29", AgeGroup: "25-64", Language: "ar",
		Contact: domain.ContactCall, Note: "Mor til to teenagere <b>&</b>",
		Referrer: domain.Referrer{TeamID: testTeam, UserID: partnerUser, OrgKey: "sof-familiehuset"},
		Status:   status, StatusAt: at, CreatedAt: at, StatusBy: domain.Actor{Kind: domain.ActorSlack, ID: staffUser}}
	if status == domain.ReferralEnrolled {
		r.SignupID = &sid
	}
	return r
}

// checkGolden compares the one call the fake received with a golden file.
func checkGolden(t *testing.T, fake *fakeSlack, method, name string) {
	t.Helper()
	calls := fake.Calls(method)
	if len(calls) != 1 {
		t.Fatalf("%d %s calls, want 1", len(calls), method)
	}
	got := calls[0].JSON()
	path := filepath.Join("testdata", name+".golden.json")
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./bot -run Golden -update to create it)", err)
	}
	if got != string(want) {
		t.Errorf("%s differs from %s (run with -update to accept):\n%s", method, path, got)
	}
	for _, s := range []string{"Amina", "31415926", "teenagere <b>"} {
		if strings.Contains(got, s) {
			t.Errorf("%s carries the resident's %q", name, s)
		}
	}
}

func send(t *testing.T, b *Bot, m store.OutboxMessage, postedTS string) {
	t.Helper()
	it := store.OutboxItem{OutboxMessage: m, ReferralChannel: staffChan, ReferralTS: postedTS}
	if _, err := b.NewWorker(WorkerOptions{}).call(context.Background(), it); err != nil {
		t.Fatal(err)
	}
}

func TestGoldenViewsOpenReferralModal(t *testing.T) {
	b, fake := goldenBot(t)
	org, _ := testPlan(t).OrganisationByKey("sof-familiehuset")
	if _, err := b.api.OpenViewContext(context.Background(), "trigger-1", referralModal(b.tr("da"), fixtureActivities(), org)); err != nil {
		t.Fatal(err)
	}
	checkGolden(t, fake, "views.open", "views_open_referral_da")
}

func TestGoldenViewsOpenOrganisationPicker(t *testing.T) {
	b, fake := goldenBot(t)
	if _, err := b.api.OpenViewContext(context.Background(), "trigger-1", orgPickerModal(b.tr("en"))); err != nil {
		t.Fatal(err)
	}
	checkGolden(t, fake, "views.open", "views_open_org_picker_en")
}

func TestGoldenChatPostMessageChannelCard(t *testing.T) {
	b, fake := goldenBot(t)
	r := fixtureReferral(domain.ReferralSent)
	card := channelCard{Referral: r, Title: "Forældre for Forandring", URL: b.staffURL(r.ID)}
	send(t, b, b.postToChannel(r.ID, channelMessage(b.tr("da"), card)), "")
	checkGolden(t, fake, "chat.postMessage", "chat_postMessage_channel_card")
}

func TestGoldenChatUpdateChannelCard(t *testing.T) {
	b, fake := goldenBot(t)
	r := fixtureReferral(domain.ReferralContacted)
	card := channelCard{Referral: r, Title: "Forældre for Forandring", URL: b.staffURL(r.ID)}
	send(t, b, b.updateInChannel(r.ID, "k", channelMessage(b.tr("da"), card)), "1764237600.000001")
	checkGolden(t, fake, "chat.update", "chat_update_channel_card")
}

func TestGoldenChatPostMessageReferrerUpdate(t *testing.T) {
	b, fake := goldenBot(t)
	r := fixtureReferral(domain.ReferralDeclined)
	r.Reason = "Outside the target group <for now>" // for staff: never sent
	r.DeclineCategory = domain.DeclineNotForThem
	send(t, b, directMessage("k", partnerUser, referrerMessage(b.tr("en"), r, "Forældre for Forandring")), "")
	checkGolden(t, fake, "chat.postMessage", "chat_postMessage_referrer_declined_en")
}

func TestGoldenViewsPublishHome(t *testing.T) {
	b, fake := goldenBot(t)
	older := fixtureReferral(domain.ReferralEnrolled)
	older.Number, older.CreatedAt = 1041, older.CreatedAt.Add(-48*time.Hour)
	items := []listItem{
		{Referral: fixtureReferral(domain.ReferralSent), Title: "Forældre for Forandring"},
		{Referral: older, Title: "Beboerrådgivning (bl.a. forebyggelse af udsættelse)"},
	}
	send(t, b, publishHome("k", partnerUser, homeView(b.tr("da"), items)), "")
	checkGolden(t, fake, "views.publish", "views_publish_home_da")
}

// TestEveryLayoutIsTranslated renders every layout in every language and
// status and fails on a message id that was not found (T shows the id).
func TestEveryLayoutIsTranslated(t *testing.T) {
	b, _ := goldenBot(t)
	org, _ := testPlan(t).OrganisationByKey("kvuc")
	for _, lang := range []string{"da", "en"} {
		tr := b.tr(lang)
		var texts []any
		texts = append(texts, referralModal(tr, fixtureActivities(), org), orgPickerModal(tr), helpMessage(tr),
			mineMessage(tr, nil), homeView(tr, nil))
		for _, s := range domain.ReferralStatuses() {
			r := fixtureReferral(s)
			r.Reason = "x"
			texts = append(texts, channelMessage(tr, channelCard{Referral: r, Title: "t", URL: "u"}),
				referrerMessage(tr, r, "t"), confirmationModal(tr, r, "t"), declineModal(tr, r), enrollModal(tr, r),
				mineMessage(tr, []listItem{{Referral: r, Title: "t"}}))
		}
		for _, code := range []string{domain.ErrCodeRequired, domain.ErrCodeChoice, domain.ErrCodeEncoding,
			domain.ErrCodeTooLong, domain.ErrCodeCPR, domain.ErrCodePhone, domain.ErrCodeConsent} {
			texts = append(texts, fieldErrors(tr, []domain.FieldError{{Field: "f", Code: code, Params: map[string]any{"Max": 5, "Count": 6}}}))
		}
		for _, x := range texts {
			b, err := json.Marshal(x)
			if err != nil {
				t.Fatal(err)
			}
			if id := messageID.Find(b); id != nil {
				t.Errorf("%s: untranslated message id %s in %s", lang, id, b)
			}
		}
	}
}

// messageID matches a message id that T returned for want of a message.
var messageID = regexp.MustCompile(`\bslack\.[a-z_]+\.[a-z0-9_.-]+`)
