package bot

import (
	"context"
	"os"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/beboerprojekt-nordvest/tilmeld/domain"
	"github.com/beboerprojekt-nordvest/tilmeld/store"
)

// slowStore answers like the real store, only as slowly as the test says.
type slowStore struct {
	*store.Store
	activities atomic.Int64 // nanoseconds ListActivities takes
	users      atomic.Int64 // nanoseconds SlackUser takes
}

func (s *slowStore) ListActivities(ctx context.Context, openOnly bool) ([]store.ActivityWithCounts, error) {
	if err := sleep(ctx, time.Duration(s.activities.Load())); err != nil {
		return nil, err
	}
	return s.Store.ListActivities(ctx, openOnly)
}

func (s *slowStore) SlackUser(ctx context.Context, teamID, userID string) (store.SlackUser, error) {
	if err := sleep(ctx, time.Duration(s.users.Load())); err != nil {
		return store.SlackUser{}, err
	}
	return s.Store.SlackUser(ctx, teamID, userID)
}

func sleep(ctx context.Context, d time.Duration) error {
	select {
	case <-time.After(d):
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// Slack's trigger id dies three seconds after the slash command; allow
// the answer's own journey and call it two.
const triggerBudget = 2 * time.Second

func TestModalOpensWithinTheTriggerWindowWhenTheDatabaseIsSlow(t *testing.T) {
	t.Parallel()
	var slow *slowStore
	h := newHarnessWith(t, func(st *store.Store) Store { slow = &slowStore{Store: st}; return slow })
	newTestActivity(t, h.st, "mamamove", domain.AreaEducation, "MamaMove", "MamaMove")
	if err := h.st.SetSlackUserOrg(context.Background(), testTeam, partnerUser, "buf-sundhedsplejen"); err != nil {
		t.Fatal(err)
	}
	h.bot.Warm(context.Background())
	// The cached list is now stale, and the database takes ten seconds.
	h.bot.SetClock(func() time.Time { return testNow.Add(2 * catalogueTTL) })
	slow.activities.Store(int64(10 * time.Second))

	start := time.Now()
	if rec := h.command(partnerUser, ""); rec.Code != 200 || time.Since(start) > 100*time.Millisecond {
		t.Fatalf("slash command answered %d after %v", rec.Code, time.Since(start))
	}
	waitFor(t, triggerBudget, "views.open", func() bool { return len(h.slack.Calls("views.open")) == 1 })
	if v := h.slack.Calls("views.open")[0].JSON(); !strings.Contains(v, `"callback_id": "referral"`) || !strings.Contains(v, "MamaMove") {
		t.Fatalf("modal opened from the cache should be the referral form with the activity:\n%.300s", v)
	}

	// With the user lookup slow too, she gets the organisation picker in
	// time rather than nothing; picking leads on to the form.
	slow.users.Store(int64(10 * time.Second))
	start = time.Now()
	h.command(partnerUser, "")
	waitFor(t, triggerBudget, "second views.open", func() bool { return len(h.slack.Calls("views.open")) == 2 })
	if v := h.slack.Calls("views.open")[1].JSON(); !strings.Contains(v, `"callback_id": "org_picker"`) {
		t.Fatalf("fallback modal:\n%.300s", v)
	}
	h.bot.Wait()
	if time.Since(start) > triggerBudget {
		t.Fatalf("views.open took %v", time.Since(start))
	}
}

func TestManifestPointsAtTheAppsAddresses(t *testing.T) {
	b, err := os.ReadFile("../slack/manifest.yaml")
	if err != nil {
		t.Fatal(err)
	}
	m := string(b)
	for _, want := range []string{"/slack/commands", "/slack/interactions", "/slack/events", "command: /tilmeld",
		"app_home_opened", "home_tab_enabled: true", "chat:write", "commands", "users:read", "channels:read", "groups:read"} {
		if !strings.Contains(m, want) {
			t.Errorf("slack/manifest.yaml lacks %q", want)
		}
	}
}
