package bot

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/beboerprojekt-nordvest/tilmeld/domain"
)

// What the person who pressed or submitted is told when nothing could be
// saved, in English and in Danish.
const (
	notChangedEN = "nothing was changed"
	notChangedDA = "intet er ændret"
	notSavedEN   = "Your answers are still here"
	notSavedDA   = "Dine svar er her stadig"
)

// TestStatusButtonWithTheDatabaseDownTellsThePresserNothingChanged: with
// the database unreachable a status button changes nothing, and the
// outbox, being in the database, cannot carry a word about it. So the
// person who pressed hears at once, in her language and only she, through
// the response_url Slack sent with the press. Once the database is back
// the referral still has its old status, and pressing again moves it on
// and updates the card once.
func TestStatusButtonWithTheDatabaseDownTellsThePresserNothingChanged(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	h, proxy := newHarnessBehindProxy(t)
	h.startWorker(fastWorker)
	ref := refer(t, h, partnerUser, "V0CARD", 1)[0]
	h.drain()
	ref, err := h.st.ReferralByID(ctx, ref.ID)
	if err != nil || ref.SlackTS == "" {
		t.Fatalf("card not posted: %+v, %v", ref, err)
	}
	id := fmt.Sprint(ref.ID)

	proxy.Cut()
	const otherStaff = "U0STAFF2"
	presses := []struct {
		user, locale string
		to           domain.ReferralStatus
		want         string
	}{
		{staffUser, "en-GB", domain.ReferralAccepted, notChangedEN}, // moves at once
		{otherStaff, "", domain.ReferralDeclined, notChangedDA},     // would open a modal
	}
	for _, p := range presses {
		press := buttonPress(p.user, staffChan, ref.SlackTS, "status:"+string(p.to), id)
		if p.locale != "" {
			press["user"].(map[string]any)["locale"] = p.locale
		}
		press["response_url"] = slackHooks + "/actions/" + testTeam + "/1/" + p.user
		start := time.Now()
		if rec := h.interact(press, nil); rec.Code != http.StatusOK || time.Since(start) > ackBudget {
			t.Fatalf("%s with no database: answered %d after %v; want 200 within %v", p.to, rec.Code, time.Since(start), ackBudget)
		}
	}
	h.bot.Wait()
	hooks := h.slack.Calls(hookMethod)
	if len(hooks) != len(presses) {
		t.Fatalf("%d calls to response_urls, want one per press: %v", len(hooks), hooks)
	}
	for _, p := range presses {
		var got []call
		for _, c := range hooks {
			if c.Path == "/hooks/actions/"+testTeam+"/1/"+p.user {
				got = append(got, c)
			}
		}
		if len(got) != 1 || got[0].str("response_type") != "ephemeral" || got[0].Params["replace_original"] != false ||
			!strings.Contains(got[0].str("text"), p.want) {
			t.Errorf("%s pressing %s with no database was told %v; want one ephemeral message, not replacing the card, saying %q",
				p.user, p.to, got, p.want)
		}
	}

	proxy.Restore()
	waitFor(t, 10*time.Second, "the database to answer again", func() bool { return h.st.Ping(ctx) == nil })
	if r, err := h.st.ReferralByID(ctx, ref.ID); err != nil || r.Status != domain.ReferralSent {
		t.Fatalf("after the outage the referral is %q (%v); want still %q", r.Status, err, domain.ReferralSent)
	}
	if rec := h.interact(buttonPress(staffUser, staffChan, ref.SlackTS, "status:accepted", id), nil); rec.Code != http.StatusOK {
		t.Fatalf("accept after the outage answered %d", rec.Code)
	}
	h.drain()
	if r, _ := h.st.ReferralByID(ctx, ref.ID); r.Status != domain.ReferralAccepted {
		t.Fatalf("after pressing again the referral is %q, want %q", r.Status, domain.ReferralAccepted)
	}
	var updates []call
	for _, u := range h.slack.Delivered("chat.update") {
		if u.str("ts") == ref.SlackTS {
			updates = append(updates, u)
		}
	}
	if len(updates) != 1 || !strings.HasSuffix(updates[0].str("text"), "– Modtaget") {
		t.Fatalf("card updates after pressing again: %v; want one, showing Modtaget", updates)
	}
	if n := len(h.slack.Calls(hookMethod)); n != len(presses) {
		t.Errorf("%d calls to response_urls after the outage; a press that worked needs none", n-len(presses))
	}
	assertNothingPrivateInSlack(t, h.slack)
}

// TestModalsSubmittedWithTheDatabaseDownStayOpenSayingNothingWasSaved: a
// referral or a decline reason submitted while the database is
// unreachable is not lost behind a generic error. Slack keeps the modal
// open with what she typed, and a message in her language beside it says
// nothing was saved; submitting again once the database is back works.
func TestModalsSubmittedWithTheDatabaseDownStayOpenSayingNothingWasSaved(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	h, proxy := newHarnessBehindProxy(t)
	first := refer(t, h, partnerUser, "V0FIRST", 1)[0]
	if err := h.st.SetSlackUserLocale(ctx, testTeam, partnerUser, "en-GB"); err != nil {
		t.Fatal(err)
	}
	h.command(partnerUser, "henvis")
	h.bot.Wait()
	opened := h.slack.Calls("views.open")
	if len(opened) != 1 || !strings.Contains(opened[0].JSON(), `"callback_id": "referral"`) {
		t.Fatalf("views.open: %v", opened)
	}
	// Submitted as Slack does: with the modal's own private metadata.
	metadata, _ := opened[0].Params["view"].(map[string]any)["private_metadata"].(string)
	referral := viewSubmission(partnerUser, cbReferral, "V0DOWN", metadata, referralValues("offer:beboerraadgivning"))
	decline := viewSubmission(staffUser, cbDecline, "V0DECLINE", fmt.Sprint(first.ID),
		map[string]map[string]any{domain.RefReason: textValue("Holdet er fuldt")})

	proxy.Cut()
	for _, c := range []struct {
		name    string
		payload map[string]any
		block   string
		want    string
	}{
		{"referral (English)", referral, domain.RefTarget, notSavedEN},
		{"decline reason (Danish)", decline, domain.RefReason, notSavedDA},
	} {
		start := time.Now()
		ans := decode(t, h.interact(c.payload, nil))
		errs, _ := ans["errors"].(map[string]any)
		if ans["response_action"] != "errors" || len(errs) != 1 || !strings.Contains(fmt.Sprint(errs[c.block]), c.want) {
			t.Errorf("%s with no database: answer %v; want the modal kept open with %q on %s", c.name, ans, c.want, c.block)
		}
		if time.Since(start) > ackBudget {
			t.Errorf("%s with no database took %v to answer", c.name, time.Since(start))
		}
	}

	proxy.Restore()
	waitFor(t, 10*time.Second, "the database to answer again", func() bool { return h.st.Ping(ctx) == nil })
	if ans := decode(t, h.interact(referral, nil)); ans["response_action"] != "update" || !strings.Contains(fmt.Sprint(ans["view"]), "H-1002") {
		t.Fatalf("referral submitted again: %v", ans)
	}
	if ans := decode(t, h.interact(decline, nil)); ans["response_action"] != "clear" {
		t.Fatalf("decline submitted again: %v", ans)
	}
	refs, err := h.st.ReferralsByReferrer(ctx, testTeam, partnerUser, 10)
	if err != nil || len(refs) != 2 {
		t.Fatalf("%d referrals (%v); want the first and the one submitted again", len(refs), err)
	}
	if r, _ := h.st.ReferralByID(ctx, first.ID); r.Status != domain.ReferralDeclined || r.Reason != "Holdet er fuldt" {
		t.Fatalf("declined referral %q, reason %q", r.Status, r.Reason)
	}
}
