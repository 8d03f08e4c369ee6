package bot

import (
	"encoding/json"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/beboerprojekt-nordvest/tilmeld/domain"
	"github.com/nicksnyder/go-i18n/v2/i18n"
	"github.com/slack-go/slack"
	"golang.org/x/text/language"
)

// A title as staff may type it: long, with every character Slack's
// mrkdwn treats specially.
var markupTitle = strings.Repeat("Mad & leg <for> *alle* ", 220) // 5,060 characters

// entities are the three escape writes; an & left once they are taken
// out is a cut one, which Slack shows as "&am".
var entities = strings.NewReplacer("&amp;", "", "&lt;", "", "&gt;", "")

func checkShownText(t *testing.T, where, text string) {
	t.Helper()
	if n := utf8.RuneCountInString(text); n > limitSectionText {
		t.Errorf("%s: %d characters, Slack refuses more than %d", where, n, limitSectionText)
	}
	if i := strings.Index(entities.Replace(text), "&"); i >= 0 {
		t.Errorf("%s: a cut entity in %q", where, text[max(0, len(text)-40):])
	}
}

func TestDigestClipsLongTitlesBeforeEscaping(t *testing.T) {
	b, _ := goldenBot(t)
	s := fixtureSummary(t, 20)
	for i := range s.Activities {
		big := 99999 // and numbers as wide as they come
		a := &s.Activities[i]
		a.Title = domain.Text{"da": markupTitle, "en": markupTitle}
		a.New, a.Cancelled, a.Waitlisted, a.Confirmed, a.Capacity = big, big, big, big, &big
	}
	for _, lang := range []string{"da", "en"} {
		m := staffDigestMessage(b.tr(lang), s, digestMeta{})
		for _, bl := range m.Blocks {
			if sec, ok := bl.(*slack.SectionBlock); ok && sec.Text != nil {
				checkShownText(t, lang+" digest section", sec.Text.Text)
			}
		}
		acts := m.Blocks[2].(*slack.SectionBlock).Text.Text
		lines := strings.Split(acts, "\n")[1:]
		for _, l := range lines[:digestMaxLines] {
			// The line's own bold title must stay closed: "*title*: …".
			if !strings.HasPrefix(l, "*") || !strings.Contains(l, "…*:") {
				t.Fatalf("%s: an activity line lost its closing * or its numbers:\n%s", lang, l)
			}
		}
	}
}

func TestLongTitlesKeepEverySlackTextWithinItsLimits(t *testing.T) {
	b, _ := goldenBot(t)
	r := fixtureReferral(domain.ReferralAccepted)
	for _, lang := range []string{"da", "en"} {
		tt := b.tr(lang)
		msgs := map[string]message{
			"channel card": channelMessage(tt, channelCard{Referral: r, Title: markupTitle, URL: testBaseURL}),
			"referrer DM":  referrerMessage(tt, r, markupTitle),
			"sent DM":      referrerMessage(tt, fixtureReferral(domain.ReferralSent), markupTitle),
			"list":         {Blocks: referralList(tt, []listItem{{Referral: r, Title: markupTitle}})},
		}
		for name, m := range msgs {
			for _, bl := range m.Blocks {
				if sec, ok := bl.(*slack.SectionBlock); ok && sec.Text != nil {
					checkShownText(t, lang+" "+name, sec.Text.Text)
				}
			}
			checkShownText(t, lang+" "+name+" text", m.Text)
		}
		done := confirmationModal(tt, r, markupTitle)
		checkShownText(t, lang+" confirmation", done.Blocks.BlockSet[0].(*slack.SectionBlock).Text.Text)
		if err := checkView(viewJSON(t, done)); err != nil {
			t.Errorf("%s confirmation: %v", lang, err)
		}
	}
}

// viewJSON is a view as Slack receives it, for checkView.
func viewJSON(t *testing.T, v slack.ModalViewRequest) map[string]any {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	var out map[string]any
	if err := json.Unmarshal(b, &out); err != nil {
		t.Fatal(err)
	}
	return out
}

// A translation of "Cancel" or "Close" longer than a modal title is
// clipped like the title; Slack refuses a close button over 24 characters.
func TestModalCloseButtonIsClippedLikeTheTitle(t *testing.T) {
	b, _ := goldenBot(t)
	long := strings.Repeat("Luk denne formular igen ", 3)
	b.bundle.AddMessages(language.Danish,
		&i18n.Message{ID: "slack.modal.cancel", Other: long}, &i18n.Message{ID: "slack.modal.done.close", Other: long})
	tt := b.tr("da")
	r := fixtureReferral(domain.ReferralSent)
	org, _ := b.plan.OrganisationByKey("sof-familiehuset")
	for name, v := range map[string]slack.ModalViewRequest{
		"referral": referralModal(tt, fixtureActivities(), org), "org picker": orgPickerModal(tt),
		"confirmation": confirmationModal(tt, r, "Jobaften"), "decline": declineModal(tt, r), "enrol": enrollModal(tt, r),
	} {
		if err := checkView(viewJSON(t, v)); err != nil {
			t.Errorf("%s modal: %v", name, err)
		}
	}
}

func TestShownCutsBeforeEscaping(t *testing.T) {
	for _, c := range []struct {
		in   string
		n    int
		want string
	}{
		{"Mad & leg", 20, "Mad &amp; leg"},
		{"Mad & leg", 13, "Mad &amp; leg"},
		{"Mad & leg", 12, "Mad &amp; l…"},
		{"Mad & leg", 9, "Mad …"}, // "Mad &am…" would show a broken entity
		{"a<b>c", 6, "a&lt;…"},
		{"æøå *fed* tekst", 8, "æøå *fe…"},
	} {
		got := shown(c.in, c.n)
		if got != c.want {
			t.Errorf("shown(%q, %d) = %q, want %q", c.in, c.n, got, c.want)
		}
		if utf8.RuneCountInString(got) > c.n {
			t.Errorf("shown(%q, %d) is %d characters long", c.in, c.n, utf8.RuneCountInString(got))
		}
	}
}
