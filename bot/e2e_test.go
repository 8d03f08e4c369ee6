package bot

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/beboerprojekt-nordvest/tilmeld/domain"
	"github.com/beboerprojekt-nordvest/tilmeld/store"
)

// privateBits are what the partner typed about the resident; none of it
// may reach Slack.
var privateBits = []string{"Amina", "31 41 59 26", "+4531415926", "31415926", "teenagere"}

func assertNothingPrivateInSlack(t *testing.T, f *fakeSlack) {
	t.Helper()
	all := f.Everything()
	for _, s := range privateBits {
		if strings.Contains(all, s) {
			t.Fatalf("%q reached Slack", s)
		}
	}
}

// TestPartnerRefersAFamilyAndHearsWhenItIsEnrolled walks the whole loop:
// first use picks the organisation, the referral reaches the staff channel
// without personal data, staff move it on with the buttons, and the
// partner hears each step in her own language.
func TestPartnerRefersAFamilyAndHearsWhenItIsEnrolled(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	h := newHarness(t)
	h.slack.locales[partnerUser] = "en-US"
	fff := newTestActivity(t, h.st, "foraeldre-for-forandring", domain.AreaCrimePrevention,
		"Forældre for Forandring", "Forældre for Forandring – a group for parents of teenagers")
	h.startWorker(fastWorker)

	// First use: /tilmeld opens the organisation picker.
	if rec := h.command(partnerUser, ""); rec.Code != http.StatusOK || rec.Body.Len() != 0 {
		t.Fatalf("slash command answered %d %q; want an empty 200 at once", rec.Code, rec.Body.String())
	}
	h.bot.Wait()
	opened := h.slack.Calls("views.open")
	if len(opened) != 1 || !strings.Contains(opened[0].JSON(), `"callback_id": "org_picker"`) {
		t.Fatalf("views.open calls: %v", opened)
	}
	// Picking the organisation turns the picker into the referral modal.
	ans := decode(t, h.interact(viewSubmission(partnerUser, cbOrgPicker, "V0PICK", "", map[string]map[string]any{
		blockOrg: selectValue("sof-familiehuset")}), nil))
	view, _ := ans["view"].(map[string]any)
	if ans["response_action"] != "update" || view["callback_id"] != cbReferral {
		t.Fatalf("org picker answer %v", ans)
	}
	if !strings.Contains(fmt.Sprint(view), fmt.Sprintf("activity:%d", fff.ID)) || !strings.Contains(fmt.Sprint(view), "offer:foraeldrevejledning") {
		t.Fatalf("referral modal lacks the activity or the counselling offers: %v", view)
	}
	h.drain() // users.info tells us she reads English
	if u, err := h.st.SlackUser(ctx, testTeam, partnerUser); err != nil || u.OrgKey != "sof-familiehuset" || u.Locale != "en-US" {
		t.Fatalf("partner %+v, %v", u, err)
	}

	// Next time /tilmeld opens the referral modal straight away.
	h.command(partnerUser, "henvis")
	h.bot.Wait()
	if opened = h.slack.Calls("views.open"); len(opened) != 2 || !strings.Contains(opened[1].JSON(), `"callback_id": "referral"`) {
		t.Fatalf("second views.open: %v", opened)
	}

	// The submission is stored as sent; a retry and a double press make
	// no second referral.
	submit := viewSubmission(partnerUser, cbReferral, "V0REFER", "", referralValues(domain.Target{ActivityID: fff.ID}.String()))
	ans = decode(t, h.interact(submit, nil))
	if ans["response_action"] != "update" || !strings.Contains(fmt.Sprint(ans["view"]), "H-1001") {
		t.Fatalf("submission answer %v", ans)
	}
	again := decode(t, h.interact(submit, http.Header{"X-Slack-Retry-Num": {"1"}, "X-Slack-Retry-Reason": {"http_timeout"}}))
	if !strings.Contains(fmt.Sprint(again["view"]), "H-1001") {
		t.Fatalf("retry answer %v", again)
	}
	refs, err := h.st.ReferralsByReferrer(ctx, testTeam, partnerUser, 10)
	if err != nil || len(refs) != 1 {
		t.Fatalf("referrals %+v, %v", refs, err)
	}
	ref := refs[0]
	if ref.Status != domain.ReferralSent || ref.FirstName != "Amina" || ref.Phone != "+4531415926" || ref.Referrer.OrgKey != "sof-familiehuset" {
		t.Fatalf("stored referral %+v", ref)
	}
	h.drain()

	// Staff see a card in their channel, without anyone's personal data.
	posts := channelPosts(h.slack, staffChan)
	if len(posts) != 1 {
		t.Fatalf("%d channel posts, want 1", len(posts))
	}
	card := posts[0].JSON()
	for _, want := range []string{"H-1001", "Forældre for Forandring", "01-29 Munkevangen", "25–64 år", "Familiehuset", "Sendt",
		"status:accepted", fmt.Sprintf("%s/staff/referrals/%d", testBaseURL, ref.ID)} {
		if !strings.Contains(card, want) {
			t.Errorf("channel card lacks %q:\n%s", want, card)
		}
	}
	assertNothingPrivateInSlack(t, h.slack)
	ref, _ = h.st.ReferralByID(ctx, ref.ID)
	if ref.SlackChannel != staffChan || ref.SlackTS == "" {
		t.Fatalf("channel message not kept on the referral: %+v", ref)
	}
	if dms := directMessages(h.slack, partnerUser); len(dms) != 1 || !strings.Contains(dms[0].JSON(), "has been sent") {
		t.Fatalf("receipt to the partner: %v", dms)
	}

	// Staff accept and contact; each step updates the card and tells her.
	for _, to := range []domain.ReferralStatus{domain.ReferralAccepted, domain.ReferralContacted} {
		if rec := h.interact(buttonPress(staffUser, staffChan, ref.SlackTS, "status:"+string(to), fmt.Sprint(ref.ID)), nil); rec.Code != http.StatusOK {
			t.Fatalf("button %s answered %d", to, rec.Code)
		}
	}
	h.drain()
	updates := h.slack.Delivered("chat.update")
	if len(updates) != 2 || updates[1].str("ts") != ref.SlackTS || updates[1].str("channel") != staffChan ||
		!strings.Contains(updates[1].JSON(), "Kontaktet") || !strings.Contains(updates[1].JSON(), "status:enrolled") {
		t.Fatalf("card updates: %v", updates)
	}

	// Enrolling asks for the sign-up; an unknown reference is refused.
	su := signupFor(t, h, fff)
	h.interact(buttonPress(staffUser, staffChan, ref.SlackTS, "status:enrolled", fmt.Sprint(ref.ID)), nil)
	h.bot.Wait()
	if opened = h.slack.Calls("views.open"); !strings.Contains(opened[len(opened)-1].JSON(), `"callback_id": "enroll"`) {
		t.Fatalf("enrol modal not opened: %v", opened[len(opened)-1])
	}
	meta := fmt.Sprint(ref.ID)
	bad := decode(t, h.interact(viewSubmission(staffUser, cbEnroll, "V0ENROL", meta, map[string]map[string]any{
		blockSignupRef: textValue("ZZZZZZ")}), nil))
	if bad["response_action"] != "errors" || fmt.Sprint(bad["errors"]) == "" || bad["errors"].(map[string]any)[blockSignupRef] == nil {
		t.Fatalf("unknown reference answer %v", bad)
	}
	ok := decode(t, h.interact(viewSubmission(staffUser, cbEnroll, "V0ENROL", meta, map[string]map[string]any{
		blockSignupRef: textValue(strings.ToLower(su.Reference))}), nil))
	if ok["response_action"] != "clear" {
		t.Fatalf("enrol answer %v", ok)
	}
	h.drain()
	ref, _ = h.st.ReferralByID(ctx, ref.ID)
	if ref.Status != domain.ReferralEnrolled || ref.SignupID == nil || *ref.SignupID != su.ID {
		t.Fatalf("after enrolling: %+v", ref)
	}

	// She hears every step in English, by number, never by name.
	dms := directMessages(h.slack, partnerUser)
	if len(dms) != 4 {
		t.Fatalf("%d direct messages, want receipt + 3 changes", len(dms))
	}
	last := dms[3].JSON()
	if !strings.Contains(last, "H-1001") || !strings.Contains(last, "Enrolled") || !strings.Contains(last, "The resident is in.") {
		t.Fatalf("enrolled message:\n%s", last)
	}
	final := h.slack.Delivered("chat.update")
	if card := final[len(final)-1].JSON(); !strings.Contains(card, "Tilmeldt") || strings.Contains(card, "status:") {
		t.Fatalf("final card should show Tilmeldt and no buttons:\n%s", card)
	}
	assertNothingPrivateInSlack(t, h.slack)
}

func TestValidationErrorsLandOnTheirFields(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	if err := h.st.SetSlackUserOrg(context.Background(), testTeam, partnerUser, "buf-tagensbo"); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name  string
		block string
		value map[string]any
		want  string
	}{
		{"bad phone", domain.RefPhone, textValue("123"), "22 33 44 55"},
		{"cpr in the note", domain.RefNote, textValue("cpr 010203-1234"), "CPR"},
		{"no consent", domain.RefConsent, checkboxValue(false), "sagt ja"},
		{"long note", domain.RefNote, textValue(strings.Repeat("x", 501)), "500"},
		{"no target", domain.RefTarget, selectValue(""), "udfyldes"},
	}
	for i, c := range cases {
		values := referralValues("offer:beboerraadgivning")
		values[c.block] = c.value
		ans := decode(t, h.interact(viewSubmission(partnerUser, cbReferral, fmt.Sprintf("V0BAD%d", i), "", values), nil))
		errs, _ := ans["errors"].(map[string]any)
		if ans["response_action"] != "errors" || len(errs) != 1 || !strings.Contains(strings.ToLower(fmt.Sprint(errs[c.block])), strings.ToLower(c.want)) {
			t.Errorf("%s: answer %v, want one error on %s mentioning %q", c.name, ans, c.block, c.want)
		}
	}
	var n int
	if err := h.st.DB().Get(&n, `SELECT count(*) FROM referrals`); err != nil || n != 0 {
		t.Fatalf("%d referrals stored from invalid forms", n)
	}
}

func TestDecliningAsksForAReasonAndPassesItOn(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	h := newHarness(t)
	h.startWorker(fastWorker)
	if err := h.st.SetSlackUserOrg(ctx, testTeam, partnerUser, "red-barnet"); err != nil {
		t.Fatal(err)
	}
	decode(t, h.interact(viewSubmission(partnerUser, cbReferral, "V0R", "", referralValues("offer:beboerraadgivning")), nil))
	h.drain()
	refs, _ := h.st.ReferralsByReferrer(ctx, testTeam, partnerUser, 1)
	id := fmt.Sprint(refs[0].ID)
	h.interact(buttonPress(staffUser, staffChan, refs[0].SlackTS, "status:declined", id), nil)
	h.bot.Wait()
	if opened := h.slack.Calls("views.open"); len(opened) != 1 || !strings.Contains(opened[0].JSON(), `"callback_id": "decline"`) {
		t.Fatalf("decline modal: %v", opened)
	}
	empty := decode(t, h.interact(viewSubmission(staffUser, cbDecline, "V0D", id, map[string]map[string]any{domain.RefReason: textValue(" ")}), nil))
	if empty["response_action"] != "errors" {
		t.Fatalf("empty reason answer %v", empty)
	}
	phone := decode(t, h.interact(viewSubmission(staffUser, cbDecline, "V0D", id, map[string]map[string]any{
		blockCategory: radioValue("not_for_them"), domain.RefReason: textValue("Ring til hende på 31 41 59 26")}), nil))
	if phone["response_action"] != "errors" || !strings.Contains(fmt.Sprint(phone["errors"]), "telefonnumre") {
		t.Fatalf("a phone number in the reason answered %v", phone)
	}
	done := decode(t, h.interact(viewSubmission(staffUser, cbDecline, "V0D", id, map[string]map[string]any{
		blockCategory: radioValue("not_for_them"), domain.RefReason: textValue("Bor uden for området <here>")}), nil))
	if done["response_action"] != "clear" {
		t.Fatalf("reason answer %v", done)
	}
	h.drain()
	// The partner hears that it was declined and the category; the reason
	// staff wrote stays with staff.
	dms := directMessages(h.slack, partnerUser)
	last := dms[len(dms)-1].JSON()
	if !strings.Contains(last, "Afvist") || !strings.Contains(last, "Tilbuddet passer ikke til beboeren") {
		t.Fatalf("decline message (Danish, with the category):\n%s", last)
	}
	if strings.Contains(h.slack.Everything(), "Bor uden for") {
		t.Fatalf("the reason staff wrote reached Slack:\n%s", last)
	}
	if r, _ := h.st.ReferralByID(ctx, refs[0].ID); r.Reason != "Bor uden for området <here>" || r.DeclineCategory != domain.DeclineNotForThem {
		t.Fatalf("stored reason %q, category %q", r.Reason, r.DeclineCategory)
	}
	// Pressing an old button again is refused, and only she is told.
	h.interact(buttonPress(staffUser, staffChan, refs[0].SlackTS, "status:accepted", id), nil)
	h.drain()
	eph := h.slack.Delivered("chat.postEphemeral")
	if len(eph) != 1 || eph[0].str("user") != staffUser || !strings.Contains(eph[0].JSON(), "Afvist") {
		t.Fatalf("refusal: %v", eph)
	}
}

func TestButtonsOutsideTheStaffChannelDoNothing(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	h := newHarness(t)
	h.st.SetSlackUserOrg(ctx, testTeam, partnerUser, "red-barnet")
	decode(t, h.interact(viewSubmission(partnerUser, cbReferral, "V0R", "", referralValues("offer:beboerraadgivning")), nil))
	refs, _ := h.st.ReferralsByReferrer(ctx, testTeam, partnerUser, 1)
	h.interact(buttonPress(partnerUser, "C0ELSEWHERE", "1.1", "status:accepted", fmt.Sprint(refs[0].ID)), nil)
	if r, _ := h.st.ReferralByID(ctx, refs[0].ID); r.Status != domain.ReferralSent {
		t.Fatalf("status moved to %s from another channel", r.Status)
	}
}

func TestMineAndHelpAnswerOnlyTheUser(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	h := newHarness(t)
	h.st.SetSlackUserOrg(ctx, testTeam, partnerUser, "kvuc")
	decode(t, h.interact(viewSubmission(partnerUser, cbReferral, "V0R", "", referralValues("offer:jobvejledning-voksne")), nil))
	mine := decode(t, h.command(partnerUser, "mine"))
	if mine["response_type"] != "ephemeral" || !strings.Contains(fmt.Sprint(mine["blocks"]), "H-1001") ||
		!strings.Contains(fmt.Sprint(mine["blocks"]), "Sendt") {
		t.Fatalf("mine: %v", mine)
	}
	for text, want := range map[string]string{"hjælp": "denne hjælp", "hjaelp": "denne hjælp", "HJÆLP": "denne hjælp",
		"help": "this help", "noget andet": "denne hjælp"} {
		got := decode(t, h.command("U0SOMEONE", text))
		if got["response_type"] != "ephemeral" || !strings.Contains(fmt.Sprint(got["text"]), want) {
			t.Errorf("/tilmeld %s: %v, want %q", text, got, want)
		}
	}
	h.st.SetSlackUserLocale(ctx, testTeam, "U0SOMEONE", "en-GB")
	if got := decode(t, h.command("U0SOMEONE", "hjælp")); !strings.Contains(fmt.Sprint(got["text"]), "this help") {
		t.Errorf("help for an English Slack user: %v", got)
	}
}

func TestEventsAnswerTheChallengeAndPublishTheHomeOnce(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	h := newHarness(t)
	h.startWorker(fastWorker)
	rec := h.post("/slack/events", "application/json",
		`{"token":"legacy","challenge":"3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P","type":"url_verification"}`, nil)
	if got := decode(t, rec); got["challenge"] != "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P" {
		t.Fatalf("challenge answer %v", got)
	}
	h.st.SetSlackUserOrg(ctx, testTeam, partnerUser, "kvuc")
	decode(t, h.interact(viewSubmission(partnerUser, cbReferral, "V0R", "", referralValues("offer:jobvejledning-voksne")), nil))
	event := `{"token":"legacy","team_id":"` + testTeam + `","api_app_id":"A0TILMELD","type":"event_callback",
		"event_id":"Ev0HOME1","event_time":1764237600,"authorizations":[],
		"event":{"type":"app_home_opened","user":"` + partnerUser + `","channel":"D0PARTNER","tab":"home","event_ts":"1764237600.000100"}}`
	for retry := range 3 {
		hdr := http.Header{}
		if retry > 0 {
			hdr.Set("X-Slack-Retry-Num", fmt.Sprint(retry))
		}
		if rec := h.post("/slack/events", "application/json", event, hdr); rec.Code != http.StatusOK {
			t.Fatalf("event answered %d", rec.Code)
		}
	}
	h.drain()
	pub := h.slack.Delivered("views.publish")
	if len(pub) != 1 || pub[0].str("user_id") != partnerUser || !strings.Contains(pub[0].JSON(), "H-1001") {
		t.Fatalf("views.publish: %v", pub)
	}
	assertNothingPrivateInSlack(t, h.slack)
}

func TestUnsignedRequestsAreRefusedBeforeParsing(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	for _, path := range []string{"/slack/commands", "/slack/interactions", "/slack/events"} {
		req, _ := http.NewRequest(http.MethodPost, path, strings.NewReader(`payload={"type":"view_submission"}`))
		req.Header.Set("X-Slack-Request-Timestamp", fmt.Sprint(testNow.Unix()))
		req.Header.Set("X-Slack-Signature", "v0=00")
		rec := httptest.NewRecorder()
		h.bot.ServeHTTP(rec, req)
		if rec.Code != http.StatusUnauthorized {
			t.Errorf("%s answered %d", path, rec.Code)
		}
	}
}

func channelPosts(f *fakeSlack, channel string) []call {
	var out []call
	for _, c := range f.Delivered("chat.postMessage") {
		if c.str("channel") == channel {
			out = append(out, c)
		}
	}
	return out
}

func directMessages(f *fakeSlack, user string) []call { return channelPosts(f, user) }

func signupFor(t *testing.T, h *harness, a domain.Activity) domain.Signup {
	t.Helper()
	res, err := h.st.CreateSignup(context.Background(), domain.Signup{ActivityID: a.ID, IdempotencyKey: "idem-1",
		Name: "Testforælder", Phone: "+4522334466", Answers: domain.Answers{"name": "x"}, Lang: "da",
		ConsentVersion: domain.ConsentVersion, ConsentedAt: testNow})
	if err != nil {
		t.Fatal(err)
	}
	return res.Signup
}

// TestStaffPageChangesReachSlackToo is the path staff pages take: the same
// ChangeStatus, with a staff member on the web as the actor.
func TestStaffPageChangesReachSlackToo(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	h := newHarness(t)
	h.startWorker(fastWorker)
	h.st.SetSlackUserOrg(ctx, testTeam, partnerUser, "ssp")
	decode(t, h.interact(viewSubmission(partnerUser, cbReferral, "V0R", "", referralValues("offer:vejledning-udsatte-unge")), nil))
	h.drain()
	refs, _ := h.st.ReferralsByReferrer(ctx, testTeam, partnerUser, 1)
	_, err := h.bot.ChangeStatus(ctx, refs[0].ID, store.StatusUpdate{Change: domain.StatusChange{To: domain.ReferralAccepted},
		By: domain.Actor{Kind: domain.ActorStaff, ID: "medarbejder@example.dk"}, At: testNow})
	if err != nil {
		t.Fatal(err)
	}
	h.drain()
	upd := h.slack.Delivered("chat.update")
	if len(upd) != 1 || !strings.Contains(upd[0].JSON(), "Status ændret i Tilmeld") || strings.Contains(upd[0].JSON(), "medarbejder@") {
		t.Fatalf("card update: %v", upd)
	}
	if dms := directMessages(h.slack, partnerUser); len(dms) != 2 || !strings.Contains(dms[1].JSON(), "Modtaget") {
		t.Fatalf("partner messages: %v", dms)
	}
}
