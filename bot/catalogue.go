package bot

import (
	"context"
	"log/slog"
	"sync"
	"time"

	"github.com/beboerprojekt-nordvest/tilmeld/domain"
)

// catalogueTTL is how long the activity list is served before it is
// fetched again. Slack's trigger id dies three seconds after /tilmeld, so
// the modal is built from memory rather than waiting on the database.
const catalogueTTL = 60 * time.Second

// catalogue caches the activities partners can refer to: those open for
// sign-up and not archived. A stale list is
// served at once while a fresh one is fetched in the background; only the
// very first request waits for the database.
type catalogue struct {
	st   Store
	plan *domain.Plan // its counselling offers
	log  *slog.Logger
	now  func() time.Time

	mu         sync.Mutex
	items      []domain.Activity
	fetchedAt  time.Time
	loaded     bool
	refreshing bool
}

func newCatalogue(st Store, p *domain.Plan, log *slog.Logger, now func() time.Time) *catalogue {
	return &catalogue{st: st, plan: p, log: log, now: now}
}

// activities returns the activities open for referral, from memory when
// it has them.
func (c *catalogue) activities(ctx context.Context) []domain.Activity {
	c.mu.Lock()
	if c.loaded {
		items := c.items
		if c.now().Sub(c.fetchedAt) > catalogueTTL && !c.refreshing {
			c.refreshing = true
			go c.refresh(context.Background())
		}
		c.mu.Unlock()
		return items
	}
	c.mu.Unlock()
	c.refresh(ctx)
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.items
}

func (c *catalogue) refresh(ctx context.Context) {
	ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	list, err := c.st.ListActivities(ctx, true)
	c.mu.Lock()
	defer c.mu.Unlock()
	c.refreshing = false
	if err != nil {
		c.log.Warn("slack: refresh activity catalogue", "err", err)
		return
	}
	items := make([]domain.Activity, len(list))
	for i, a := range list {
		items[i] = a.Activity
	}
	c.items, c.fetchedAt, c.loaded = items, c.now(), true
}

// title names a referral's target in lang: a counselling offer, or an
// activity from memory or, for one no longer listed, from the database.
func (c *catalogue) title(ctx context.Context, t domain.Target, lang string) string {
	if !t.IsActivity() {
		if o, ok := c.plan.CounsellingOfferByKey(t.OfferKey); ok {
			return o.Title.In(lang)
		}
		return t.OfferKey
	}
	for _, a := range c.activities(ctx) {
		if a.ID == t.ActivityID {
			return a.Texts.Title.In(lang)
		}
	}
	if a, err := c.st.ActivityByID(ctx, t.ActivityID); err == nil {
		return a.Texts.Title.In(lang)
	}
	return t.String()
}
