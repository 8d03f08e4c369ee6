package bot

import (
	"context"
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/beboerprojekt-nordvest/tilmeld/domain"
)

// referSeveral makes n referrals through the modal, as n partners' submits.
func referSeveral(t *testing.T, h *harness, n int) []domain.Referral {
	t.Helper()
	ctx := context.Background()
	if err := h.st.SetSlackUserOrg(ctx, testTeam, partnerUser, "buf-sundhedsplejen"); err != nil {
		t.Fatal(err)
	}
	for i := range n {
		ans := decode(t, h.interact(viewSubmission(partnerUser, cbReferral, fmt.Sprintf("V0MANY%d", i), "", referralValues("offer:foraeldrevejledning")), nil))
		if ans["response_action"] != "update" {
			t.Fatalf("submission %d: %v", i, ans)
		}
	}
	refs, err := h.st.ReferralsByReferrer(ctx, testTeam, partnerUser, n)
	if err != nil || len(refs) != n {
		t.Fatalf("referrals %d, %v", len(refs), err)
	}
	return refs
}

// TestSlackDownThenRateLimitingLosesNothingAndDuplicatesNothing queues
// referrals and status changes while Slack answers 500 and then 429 with
// Retry-After, with two workers on one database. After Slack recovers every
// message has arrived exactly once, and every card update came after its
// card.
func TestSlackDownThenRateLimitingLosesNothingAndDuplicatesNothing(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	h := newHarness(t)
	h.slack.fail = func(method string, n int) (int, string) {
		switch {
		case n < 8:
			return http.StatusInternalServerError, ""
		case n < 14:
			return http.StatusTooManyRequests, "1"
		}
		return 0, ""
	}
	refs := referSeveral(t, h, 5)
	for _, r := range refs[:2] {
		h.interact(buttonPress(staffUser, staffChan, "", "status:accepted", fmt.Sprint(r.ID)), nil)
	}
	h.startWorker(fastWorker)
	h.startWorker(fastWorker)
	h.drain()

	counts, _ := h.st.OutboxCounts(ctx)
	if counts["failed"] != 0 || counts["sent"] != 14 {
		t.Fatalf("outbox %v; want 5 cards, 5 receipts, 2 updates and 2 messages sent", counts)
	}
	var failed500, failed429 int
	for _, c := range h.slack.Calls("") {
		switch c.Status {
		case http.StatusInternalServerError:
			failed500++
		case http.StatusTooManyRequests:
			failed429++
		}
	}
	if failed500 != 8 || failed429 != 6 {
		t.Fatalf("fake answered 500 %d times and 429 %d times; the test did not exercise failures", failed500, failed429)
	}
	checkDeliveredOnce(t, h, 14)
}

// checkDeliveredOnce wants all of the sent queued messages sent, each
// delivered to Slack exactly once (its call arrived once), and every card
// update sent to its own card, after the card.
func checkDeliveredOnce(t *testing.T, h *harness, sent int) {
	t.Helper()
	if c, _ := h.st.OutboxCounts(context.Background()); c["failed"] != 0 || c["sent"] != sent {
		t.Fatalf("outbox %v; want all %d sent", c, sent)
	}
	var queued []struct {
		Key    string `db:"dedupe_key"`
		Method string `db:"method"`
		Text   string `db:"text"`
	}
	if err := h.st.DB().Select(&queued, `SELECT dedupe_key, method, payload->>'text' AS text FROM outbox`); err != nil {
		t.Fatal(err)
	}
	delivered := 0
	for _, c := range h.slack.Calls("") {
		if c.Status == http.StatusOK {
			delivered++
		}
	}
	if delivered != sent || len(queued) != sent {
		t.Fatalf("%d calls delivered for %d queued messages, want %d", delivered, len(queued), sent)
	}
	for _, q := range queued {
		n := 0
		for _, c := range h.slack.Delivered(q.Method) {
			if c.str("text") == q.Text {
				n++
			}
		}
		if n != 1 {
			t.Errorf("message %s delivered %d times", q.Key, n)
		}
	}
	posted := map[string]time.Time{}
	for _, c := range channelPosts(h.slack, staffChan) {
		posted[c.TS] = c.At
	}
	for _, u := range h.slack.Delivered("chat.update") {
		if at, ok := posted[u.str("ts")]; !ok || u.At.Before(at) || u.str("channel") != staffChan {
			t.Errorf("update to ts %s (channel %s) has no earlier card", u.str("ts"), u.str("channel"))
		}
	}
}

func TestChannelMessagesArePacedPerChannel(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	referSeveral(t, h, 4)
	opt := fastWorker
	opt.Pace = 250 * time.Millisecond
	h.startWorker(opt)
	h.startWorker(opt)
	h.drain()
	posts := channelPosts(h.slack, staffChan)
	if len(posts) != 4 {
		t.Fatalf("%d channel posts", len(posts))
	}
	for i := 1; i < len(posts); i++ {
		if gap := posts[i].At.Sub(posts[i-1].At); gap < opt.Pace {
			t.Fatalf("posts %d and %d in one channel %v apart, want at least %v", i-1, i, gap, opt.Pace)
		}
	}
}

func TestSlackRefusingACallForGoodIsNotRetried(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	h := newHarness(t)
	h.slack.fail = func(method string, n int) (int, string) {
		if method == "chat.postMessage" {
			return http.StatusForbidden, ""
		}
		return 0, ""
	}
	referSeveral(t, h, 1)
	h.startWorker(fastWorker)
	h.drain()
	if c, _ := h.st.OutboxCounts(ctx); c["failed"] != 2 || len(h.slack.Calls("chat.postMessage")) != 2 {
		t.Fatalf("outbox %v after %d calls; want both messages failed after one try each", c, len(h.slack.Calls("chat.postMessage")))
	}
}
