package bot

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/beboerprojekt-nordvest/tilmeld/domain"
	"github.com/beboerprojekt-nordvest/tilmeld/store"
)

// A plan with many activities still gets a referral form Slack accepts:
// Slack refuses a whole views.open when one option group has more than
// 100 options, and the partner then sees nothing at all.
func TestReferralModalWith500ActivitiesOpensAndListsOnlyOpenOnes(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	ctx := context.Background()
	for i := range 500 {
		area := h.bot.plan.Areas[i%2].Key // 250 in each of two areas
		title := fmt.Sprintf("Åbent hold %03d & venner – et langt navn som ikke passer i en Slack-valgmulighed", i)
		newTestActivity(t, h.st, fmt.Sprintf("open-%03d", i), area, title, title)
	}
	closed := newTestActivity(t, h.st, "closed", domain.AreaCohesion, "Lukket hold", "Closed course")
	if err := h.st.SetSignupOpenBy(ctx, closed.ID, false, store.Actor{}); err != nil {
		t.Fatal(err)
	}
	gone := newTestActivity(t, h.st, "gone", domain.AreaCohesion, "Arkiveret hold", "Archived course")
	if err := h.st.SetArchived(ctx, gone.ID, true, store.Actor{}); err != nil {
		t.Fatal(err)
	}
	if err := h.st.SetSlackUserOrg(ctx, testTeam, partnerUser, "buf-sundhedsplejen"); err != nil {
		t.Fatal(err)
	}

	h.command(partnerUser, "henvis")
	h.bot.Wait()
	opened := h.slack.Calls("views.open")
	if len(opened) != 1 {
		t.Fatalf("%d views.open calls, want 1", len(opened))
	}
	if opened[0].Refused != "" {
		t.Fatalf("Slack would refuse the referral modal: %s", opened[0].Refused)
	}
	view := opened[0].JSON()
	for _, absent := range []string{fmt.Sprintf("activity:%d\"", closed.ID), fmt.Sprintf("activity:%d\"", gone.ID)} {
		if strings.Contains(view, absent) {
			t.Errorf("the modal offers %s, which is not open for referral", absent)
		}
	}
	for _, o := range h.bot.plan.Counselling {
		if !strings.Contains(view, domain.Target{OfferKey: o.Key}.String()) {
			t.Errorf("the modal lost the counselling offer %s to the cap", o.Key)
		}
	}
	if !strings.Contains(view, "Åbent hold 000") {
		t.Errorf("the modal lacks the first open activity")
	}
}
