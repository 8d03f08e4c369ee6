package bot

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/beboerprojekt-nordvest/tilmeld/domain"
	"github.com/slack-go/slack"
)

// fixtureSummary is week 47 of 2026 with n activities (the first two
// real-looking, the rest numbered) and referrals from two organisations.
func fixtureSummary(t *testing.T, n int) domain.Summary {
	t.Helper()
	loc, _ := time.LoadLocation("Europe/Copenhagen")
	w := domain.Week{Year: 2026, Num: 47}
	win := domain.NewWeekWindow(w, loc)
	twenty := 20
	cur := domain.WeekFacts{Window: win,
		Activities: []domain.SummaryActivity{
			{ID: 1, Title: domain.Text{"da": "MamaMove – træning for mødre", "en": "MamaMove – exercise for mothers"}, Area: domain.AreaEducation, Capacity: &twenty},
			{ID: 9, Title: domain.Text{"da": "Jobaften", "en": "Job evening"}, Area: domain.AreaEmployment},
		},
		Signups: domain.Breakdown{ByActivity: map[int64]int{1: 4, 9: 3},
			ByDepartment: map[string]int{"fsb-01-29": 5, "aab-33": 1, "": 1}, ByAgeGroup: map[string]int{"25-64": 6, domain.UnknownKey: 1}},
		Cancelled: []domain.ActivityCount{{ActivityID: 1, N: 1}},
		Places:    []domain.PlacesFact{{ActivityID: 1, Confirmed: 18, Waitlisted: 3}, {ActivityID: 9, Confirmed: 31}},
		Sessions: []domain.SessionFact{{ID: 11, ActivityID: 1, StartsAt: win.Start.Add(41 * time.Hour), Expected: 18, Marked: 18, Present: 15},
			{ID: 90, ActivityID: 9, StartsAt: win.Start.Add(42 * time.Hour), Expected: 31}},
		Attended: domain.Breakdown{ByActivity: map[int64]int{1: 15}, ByDepartment: map[string]int{"fsb-01-29": 15},
			ByAgeGroup: map[string]int{"25-64": 15}},
		Referrals: domain.ReferralBreakdown{ByOrg: map[string]int{"sof-familiehuset": 6, "buf-sundhedsplejen": 2},
			ByTarget:     []domain.TargetCount{{Area: domain.AreaEducation, N: 2}, {OfferKey: "beboerraadgivning", N: 6}},
			ByDepartment: map[string]int{"3b-6067": 6, "fsb-01-29": 2}, ByAgeGroup: map[string]int{"25-64": 6, "0-5": 2}},
		Outcomes: []domain.OutcomeFact{{Org: "sof-familiehuset", Status: domain.ReferralEnrolled, N: 1},
			{Org: "buf-sundhedsplejen", Status: domain.ReferralDeclined, N: 2}},
		StillOpen: []domain.OrgCount{{Org: "sof-familiehuset", N: 5}},
	}
	for i := 3; i <= n; i++ {
		id := int64(100 + i)
		cur.Activities = append(cur.Activities, domain.SummaryActivity{ID: id, Area: domain.AreaCohesion,
			Title: domain.Text{"da": fmt.Sprintf("Aktivitet %02d", i)}})
		cur.Signups.ByActivity[id] = i
	}
	before := domain.WeekFacts{Window: domain.NewWeekWindow(w.Prev(), loc),
		Signups:   domain.Breakdown{ByActivity: map[int64]int{1: 9}},
		Referrals: domain.ReferralBreakdown{ByOrg: map[string]int{"sof-familiehuset": 3}},
	}
	return domain.Summarise(testPlan(t), cur, before)
}

func TestGoldenChatPostMessageStaffDigest(t *testing.T) {
	b, fake := goldenBot(t)
	loc, _ := time.LoadLocation("Europe/Copenhagen")
	meta := digestMeta{Late: true, DueAt: time.Date(2026, 11, 23, 8, 0, 0, 0, loc), URL: b.summaryURL(domain.Week{Year: 2026, Num: 47})}
	send(t, b, digestPost(0, staffChan, staffDigestMessage(b.tr("da"), fixtureSummary(t, 14), meta)), "")
	checkGolden(t, fake, "chat.postMessage", "chat_postMessage_digest_staff_da")
}

func TestGoldenChatPostMessagePartnerDigest(t *testing.T) {
	b, fake := goldenBot(t)
	s := fixtureSummary(t, 2).ForPartner("sof-familiehuset")
	send(t, b, digestPost(0, "C0FAMILIEHUS", partnerDigestMessage(b.tr("da"), s, digestMeta{})), "")
	checkGolden(t, fake, "chat.postMessage", "chat_postMessage_digest_partner_da")
	got := fake.Calls("chat.postMessage")[0].JSON()
	for _, want := range []string{`Tilmeldt*\n&lt;5`, `Sendt i ugen*\n6 (ugen før: &lt;5)`, `Åbne i over 14 dage*\n5`} {
		if !strings.Contains(got, want) {
			t.Errorf("the partner's summary lacks %q", want)
		}
	}
	if strings.Contains(got, "Sundhedsplejen") || strings.Contains(got, "MamaMove") {
		t.Error("a partner's summary shows more than her own organisation's referrals")
	}
}

// TestDigestLayoutsKeepToSlacksLimits: a week with 600 activities and
// every organisation still fits one message: at most 50 blocks, 10
// fields a section, 3,000 characters a text, 150 a header.
func TestDigestLayoutsKeepToSlacksLimits(t *testing.T) {
	b, _ := goldenBot(t)
	s := fixtureSummary(t, 600)
	for _, o := range b.plan.Organisations {
		s.Orgs = append(s.Orgs, domain.OrgLine{Org: o.Key, Received: 12345})
	}
	for _, lang := range []string{"da", "en"} {
		for _, m := range []message{staffDigestMessage(b.tr(lang), s, digestMeta{Late: true}),
			partnerDigestMessage(b.tr(lang), s.ForPartner("kvuc"), digestMeta{Late: true})} {
			if len(m.Blocks) > 50 {
				t.Errorf("%s: %d blocks", lang, len(m.Blocks))
			}
			for _, bl := range m.Blocks {
				switch x := bl.(type) {
				case *slack.HeaderBlock:
					if n := utf8.RuneCountInString(x.Text.Text); n > 150 {
						t.Errorf("%s: header of %d characters", lang, n)
					}
				case *slack.SectionBlock:
					if len(x.Fields) > 10 || (x.Text != nil && utf8.RuneCountInString(x.Text.Text) > 3000) {
						t.Errorf("%s: section with %d fields and %d characters", lang, len(x.Fields), utf8.RuneCountInString(x.Text.Text))
					}
				}
			}
		}
	}
	if text := staffDigestMessage(b.tr("da"), s, digestMeta{}).Blocks[2].(*slack.SectionBlock).Text.Text; !strings.Contains(text, "… og 588 mere i Tilmeld.") {
		t.Errorf("the activities do not say how many more there are:\n%s", text)
	}
}

// TestEveryDigestLayoutIsTranslated renders every summary layout in both
// languages and fails on a message id that was not found or a value the
// message asked for and did not get.
func TestEveryDigestLayoutIsTranslated(t *testing.T) {
	b, _ := goldenBot(t)
	s := fixtureSummary(t, 14)
	for _, lang := range []string{"da", "en"} {
		tr := b.tr(lang)
		for _, late := range []bool{false, true} {
			meta := digestMeta{Late: late, URL: "u"}
			for _, m := range []message{staffDigestMessage(tr, s, meta), partnerDigestMessage(tr, s.ForPartner("sof-familiehuset"), meta),
				staffDigestMessage(tr, domain.Summary{Departments: make([]domain.ReachLine, 16)}, meta)} {
				out, err := json.Marshal(m.Blocks)
				if err != nil {
					t.Fatal(err)
				}
				all := m.Text + string(out)
				if id := messageID.FindString(all); id != "" {
					t.Errorf("%s: untranslated message id %s", lang, id)
				}
				if strings.Contains(all, "no value") {
					t.Errorf("%s: a message lacks a value: %s", lang, all)
				}
			}
		}
		for _, id := range []string{"slack.digest.no_access", "slack.digest.bad_week", "slack.digest.not_over"} {
			if got := tr.T(id); got == id {
				t.Errorf("%s: %s missing", lang, id)
			}
		}
	}
}

// TestDigestTextListsEveryLineWithoutSlackMarkup: the terminal gets every
// activity, plain text.
func TestDigestTextListsEveryLineWithoutSlackMarkup(t *testing.T) {
	b, _ := goldenBot(t)
	var out strings.Builder
	if err := WriteDigestText(&out, b.plan, b.bundle, "da", fixtureSummary(t, 14), "", testBaseURL); err != nil {
		t.Fatal(err)
	}
	text := out.String()
	for _, want := range []string{"Uge 47, 2026: sådan gik ugen\n====", "Aktivitet 14", "Nye tilmeldinger:", "83,3",
		"Alle tal og CSV i Tilmeld (https://tilmeld.example.dk/staff/summary?week=2026-W47)"} {
		if !strings.Contains(text, want) {
			t.Errorf("the text lacks %q:\n%s", want, text)
		}
	}
	if strings.ContainsAny(text, "*<>") && !strings.Contains(text, "<5") {
		t.Errorf("Slack markup left in the text:\n%s", text)
	}
}
