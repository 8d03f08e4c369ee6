package bot

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/beboerprojekt-nordvest/tilmeld/domain"
	"github.com/beboerprojekt-nordvest/tilmeld/store"
	"github.com/beboerprojekt-nordvest/tilmeld/store/storetest"
)

// hostileMrkdwn is text that, copied into Slack's mrkdwn as typed, would
// notify the whole channel, mention someone and hide a link behind "click".
const (
	hostileMrkdwn = "<!channel> <@U123> <https://evil|click> & stuff"
	escapedMrkdwn = "&lt;!channel&gt; &lt;@U123&gt; &lt;https://evil|click&gt; &amp; stuff"
)

// liveMrkdwn is what Slack would act on if hostile text were not escaped.
var liveMrkdwn = []string{"<!channel>", "<!here>", "<@U123>", "<https://evil", "<!subteam"}

// mrkdwnTexts are the texts in v that Slack reads as mrkdwn: every text
// object of type mrkdwn (section texts and fields, context elements) and
// a message's top-level text (its notification). Plain-text objects are
// shown as they are and never parsed, so they are left out.
func mrkdwnTexts(v any) []string {
	var out []string
	var walk func(any)
	walk = func(v any) {
		switch x := v.(type) {
		case map[string]any:
			if s, ok := x["text"].(string); ok && x["type"] == "mrkdwn" {
				out = append(out, s)
			}
			for _, e := range x {
				walk(e)
			}
		case []any:
			for _, e := range x {
				walk(e)
			}
		}
	}
	walk(v)
	if m, ok := v.(map[string]any); ok {
		if s, ok := m["text"].(string); ok {
			out = append(out, s)
		}
	}
	return out
}

// assertMrkdwnEscaped fails if what Slack gets in v has any live mention or
// link from hostile text, or if none of its mrkdwn shows want.
func assertMrkdwnEscaped(t *testing.T, what string, v any, want string) {
	t.Helper()
	texts := mrkdwnTexts(v)
	found := false
	for _, s := range texts {
		for _, live := range liveMrkdwn {
			if strings.Contains(s, live) {
				t.Errorf("%s: %q is live in %q", what, live, s)
			}
		}
		found = found || strings.Contains(s, want)
	}
	if want != "" && !found {
		t.Errorf("%s does not show %q; its mrkdwn: %q", what, want, texts)
	}
	// Escaping < > & does not stop Slack from turning a bare "@channel"
	// or a bare link in mrkdwn into a live one; "verbatim" does.
	for _, s := range parsedMrkdwn(v) {
		if want != "" && strings.Contains(s, want) {
			t.Errorf("%s: text object showing typed text is not verbatim, so Slack parses bare @channel in it: %q", what, s)
		}
	}
}

// parsedMrkdwn are the mrkdwn text objects in v that Slack parses for
// bare mentions and links (verbatim unset or false).
func parsedMrkdwn(v any) []string {
	var out []string
	var walk func(any)
	walk = func(v any) {
		switch x := v.(type) {
		case map[string]any:
			if s, ok := x["text"].(string); ok && x["type"] == "mrkdwn" && x["verbatim"] != true {
				out = append(out, s)
			}
			for _, e := range x {
				walk(e)
			}
		case []any:
			for _, e := range x {
				walk(e)
			}
		}
	}
	walk(v)
	return out
}

// asJSONValue turns a recorded answer into plain JSON values.
func asJSONValue(t *testing.T, v any) any {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	var out any
	if err := json.Unmarshal(b, &out); err != nil {
		t.Fatal(err)
	}
	return out
}

// TestUserTextReachesSlackEscaped pushes hostile text through every path
// by which typed text reaches Slack: an activity title staff wrote (the
// partner's confirmation, the staff channel's card, her receipt, App
// Home, /tilmeld mine, the weekly summary on schedule and on demand) and
// decline reasons typed in Slack and on the web. Slack gets it escaped,
// never as a live @channel, mention or link; what the partner typed about
// the resident (name, note) never reaches Slack at all.
func TestUserTextReachesSlackEscaped(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	h := newHarness(t)
	h.startWorker(fastWorker)
	act := newTestActivity(t, h.st, "hold", domain.AreaCrimePrevention, "Hold "+hostileMrkdwn, "Team "+hostileMrkdwn)
	title := "Hold " + escapedMrkdwn
	if err := h.st.SetSlackUserOrg(ctx, testTeam, partnerUser, "sof-familiehuset"); err != nil {
		t.Fatal(err)
	}

	// The partner refers a resident, typing hostile text about her too.
	values := referralValues(domain.Target{ActivityID: act.ID}.String())
	values[domain.RefFirstName] = textValue("Amina <!here> <@U123>")
	values[domain.RefNote] = textValue("Notat " + hostileMrkdwn)
	done := decode(t, h.interact(viewSubmission(partnerUser, cbReferral, "V0HOSTILE", "", values), nil))
	if done["response_action"] != "update" {
		t.Fatalf("submission answer %v", done)
	}
	assertMrkdwnEscaped(t, "confirmation modal", done["view"], title)
	h.drain()
	refs, err := h.st.ReferralsByReferrer(ctx, testTeam, partnerUser, 1)
	if err != nil || len(refs) != 1 || refs[0].Note != "Notat "+hostileMrkdwn || refs[0].FirstName != "Amina <!here> <@U123>" {
		t.Fatalf("stored referral %+v, %v", refs, err)
	}
	ref := refs[0]
	cards := channelPosts(h.slack, staffChan)
	if len(cards) != 1 {
		t.Fatalf("%d channel posts, want 1", len(cards))
	}
	assertMrkdwnEscaped(t, "channel card", cards[0].Params, title)
	if dms := directMessages(h.slack, partnerUser); len(dms) != 1 {
		t.Fatalf("%d receipts", len(dms))
	} else {
		assertMrkdwnEscaped(t, "receipt", dms[0].Params, title)
	}

	// App Home and /tilmeld mine list her referrals by title.
	event := `{"token":"legacy","team_id":"` + testTeam + `","api_app_id":"A0TILMELD","type":"event_callback",
		"event_id":"Ev0HOSTILE","event_time":1764237600,"authorizations":[],
		"event":{"type":"app_home_opened","user":"` + partnerUser + `","channel":"D0PARTNER","tab":"home","event_ts":"1764237600.000100"}}`
	h.post("/slack/events", "application/json", event, nil)
	h.drain()
	if pub := h.slack.Delivered("views.publish"); len(pub) != 1 {
		t.Fatalf("views.publish: %d", len(pub))
	} else {
		assertMrkdwnEscaped(t, "App Home", pub[0].Params, title)
	}
	assertMrkdwnEscaped(t, "/tilmeld mine", decode(t, h.command(partnerUser, "mine")), title)

	// Staff decline in Slack with a hostile reason; she is told the
	// category, never the reason.
	h.interact(buttonPress(staffUser, staffChan, ref.SlackTS, "status:declined", fmt.Sprint(ref.ID)), nil)
	h.bot.Wait()
	reason := "Fuldt " + hostileMrkdwn
	ans := decode(t, h.interact(viewSubmission(staffUser, cbDecline, "V0DECLINE", fmt.Sprint(ref.ID),
		map[string]map[string]any{domain.RefReason: textValue(reason)}), nil))
	if ans["response_action"] != "clear" {
		t.Fatalf("decline answer %v", ans)
	}
	h.drain()
	dms := directMessages(h.slack, partnerUser)
	assertMrkdwnEscaped(t, "decline message", dms[len(dms)-1].Params, "Anden grund")
	if strings.Contains(h.slack.Everything(), "Fuldt ") {
		t.Error("the reason staff wrote in Slack reached the partner")
	}
	updates := h.slack.Delivered("chat.update")
	if len(updates) == 0 {
		t.Fatal("the card was not updated")
	}
	assertMrkdwnEscaped(t, "declined card", updates[len(updates)-1].Params, title)

	// A second referral, declined on the staff pages.
	values[domain.RefFirstName] = textValue("Hodan")
	decode(t, h.interact(viewSubmission(partnerUser, cbReferral, "V0HOSTILE2", "", values), nil))
	h.drain()
	refs, _ = h.st.ReferralsByReferrer(ctx, testTeam, partnerUser, 1)
	web := "Web " + hostileMrkdwn
	if _, err := h.bot.ChangeStatus(ctx, refs[0].ID, store.StatusUpdate{Change: domain.StatusChange{To: domain.ReferralDeclined, Reason: web},
		By: domain.Actor{Kind: domain.ActorStaff, ID: "medarbejder@example.dk"}, At: testNow}); err != nil {
		t.Fatal(err)
	}
	h.drain()
	if strings.Contains(h.slack.Everything(), "Web ") {
		t.Error("the reason staff wrote on the web reached Slack")
	}

	// The weekly summary names activities by their titles.
	loc, _ := time.LoadLocation("Europe/Copenhagen")
	week := domain.Week{Year: 2026, Num: 47}
	sample := storetest.NewSampleWeek(t, h.st, week, loc)
	a, err := h.st.ActivityByID(ctx, sample.ActivityID)
	if err != nil {
		t.Fatal(err)
	}
	a.Texts.Title = domain.Text{"da": "Testaktivitet " + hostileMrkdwn}
	if _, err := h.st.UpdateActivity(ctx, a.Activity, store.Actor{}); err != nil {
		t.Fatal(err)
	}
	if n, err := h.bot.PostDigests(ctx, week, PostOptions{DueAt: testNow, By: ByCommand}); err != nil || n != 1 {
		t.Fatalf("digests queued %d, %v", n, err)
	}
	h.drain()
	posts := channelPosts(h.slack, staffChan)
	assertMrkdwnEscaped(t, "weekly summary", posts[len(posts)-1].Params, "Testaktivitet "+escapedMrkdwn)
	assertMrkdwnEscaped(t, "summary on demand", h.summaryCommand(staffUser, staffChan, "opsummering 47"), "Testaktivitet "+escapedMrkdwn)

	// Nothing anywhere in Slack is live, and nothing about the resident.
	for _, c := range h.slack.Calls("") {
		assertMrkdwnEscaped(t, c.Method, asJSONValue(t, c.Params), "")
	}
	all := h.slack.Everything()
	for _, private := range []string{"Amina", "Hodan", "Notat"} {
		if strings.Contains(all, private) {
			t.Errorf("%q reached Slack", private)
		}
	}
}
