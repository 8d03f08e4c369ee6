package bot

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/beboerprojekt-nordvest/tilmeld/domain"
	"github.com/beboerprojekt-nordvest/tilmeld/store"
)

// referralFromPartner makes one referral the way a partner does.
func referralFromPartner(t *testing.T, h *harness) domain.Referral {
	t.Helper()
	ctx := context.Background()
	if err := h.st.SetSlackUserOrg(ctx, testTeam, partnerUser, "red-barnet"); err != nil {
		t.Fatal(err)
	}
	decode(t, h.interact(viewSubmission(partnerUser, cbReferral, "V0R", "", referralValues("offer:beboerraadgivning")), nil))
	refs, err := h.st.ReferralsByReferrer(ctx, testTeam, partnerUser, 1)
	if err != nil || len(refs) != 1 {
		t.Fatalf("referrals %v, %v", refs, err)
	}
	return refs[0]
}

func TestStatusModalFromSomeoneWhoLeftTheStaffChannelIsRefused(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	ref := referralFromPartner(t, h)
	id := fmt.Sprint(ref.ID)
	decline := viewSubmission(staffUser, cbDecline, "V0D", id, map[string]map[string]any{domain.RefReason: textValue("Holdet er fuldt")})
	enrol := viewSubmission(staffUser, cbEnroll, "V0E", id, map[string]map[string]any{blockSignupRef: textValue("ABC123")})

	// She opened the modal while in the channel, then was taken out of it.
	h.slack.SetMembers(staffChan, "U0FIRST", "U0SECOND", "U0THIRD")
	for name, sub := range map[string]map[string]any{"decline": decline, "enrol": enrol} {
		ans := decode(t, h.interact(sub, nil))
		if ans["response_action"] != "errors" || !strings.Contains(fmt.Sprint(ans["errors"]), "Kun medlemmer af medarbejderkanalen") {
			t.Errorf("%s by a non-member answered %v", name, ans)
		}
	}
	if r, _ := h.st.ReferralByID(context.Background(), ref.ID); r.Status != domain.ReferralSent {
		t.Fatalf("a non-member moved the referral to %s", r.Status)
	}

	// A member listed on the second page of conversations.members may.
	h.slack.SetMembers(staffChan, "U0FIRST", "U0SECOND", "U0THIRD", staffUser)
	if ans := decode(t, h.interact(decline, nil)); ans["response_action"] != "clear" {
		t.Fatalf("decline by a member answered %v", ans)
	}
	if r, _ := h.st.ReferralByID(context.Background(), ref.ID); r.Status != domain.ReferralDeclined {
		t.Fatalf("after a member's decline the referral is %s", r.Status)
	}
}

func TestButtonsAndModalsForAnErasedReferralSaySo(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	h := newHarness(t)
	ref := referralFromPartner(t, h)
	id := fmt.Sprint(ref.ID)
	if _, err := h.st.ErasePerson(ctx, "+4531415926", store.Actor{}, testNow); err != nil {
		t.Fatal(err)
	}
	const gone = "findes ikke længere"
	for i, press := range []map[string]any{
		buttonPress(staffUser, staffChan, ref.SlackTS, "status:accepted", id),      // moves at once
		buttonPress(staffUser, staffChan, ref.SlackTS, "status:declined", id),      // would open a modal
		buttonPress(staffUser, staffChan, ref.SlackTS, "status:accepted", "98765"), // never existed
	} {
		press["response_url"] = fmt.Sprintf("%s/actions/%s/1/press%d", slackHooks, testTeam, i)
		h.interact(press, nil)
	}
	h.bot.Wait()
	hooks := h.slack.Calls(hookMethod)
	if len(hooks) != 3 {
		t.Fatalf("%d answers to the presses, want 3", len(hooks))
	}
	for _, c := range hooks {
		if !strings.Contains(c.str("text"), gone) {
			t.Errorf("a press on an erased referral was told %q", c.str("text"))
		}
	}
	if n := len(h.slack.Calls("views.open")); n != 0 {
		t.Errorf("%d modals opened for an erased referral", n)
	}
	ans := decode(t, h.interact(viewSubmission(staffUser, cbDecline, "V0D", id,
		map[string]map[string]any{domain.RefReason: textValue("Holdet er fuldt")}), nil))
	if ans["response_action"] != "errors" || !strings.Contains(fmt.Sprint(ans["errors"]), gone) {
		t.Fatalf("declining an erased referral answered %v", ans)
	}
	if r, _ := h.st.ReferralByID(ctx, ref.ID); r.Status != domain.ReferralSent {
		t.Fatalf("an erased referral moved to %s", r.Status)
	}
}
