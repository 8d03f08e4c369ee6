package web

import (
	"bytes"
	"context"
	"sync"
	"time"

	"github.com/beboerprojekt-nordvest/tilmeld/store"
)

// activityCache keeps each activity, as read from the database, for a
// moment, with its form page already rendered per language. When a link
// goes out to a whole estate, hundreds of phones ask for the same form in
// the same minute: they get it without a database round trip or a
// template run each. A few seconds' delay in "N places left" is fine; the
// sign-up itself decides place or waiting list under the activity's lock.
type activityCache struct {
	ttl  time.Duration
	now  func() time.Time
	mu   sync.Mutex
	byID map[string]*cachedActivity
}

// cachedActivity is one activity as read at one moment.
type cachedActivity struct {
	store.ActivityWithCounts
	at         time.Time
	refreshing bool
	mu         sync.Mutex
	pages      map[string][]byte // language → form page with tokenPlaceholder; other pages by their own keys
}

// DefaultActivityCache is how long serve reuses an activity: long enough
// to spare the database in a rush, short enough that "N places left" and
// a closed sign-up show within seconds.
const DefaultActivityCache = 2 * time.Second

// tokenPlaceholder stands in a cached form page where each request's own
// idempotency token goes; it has a real token's length and alphabet.
const tokenPlaceholder = "TOKENxPLACEHOLDERxTOKENxPLACEHOLDERxTOKENxx"

func newActivityCache(ttl time.Duration, now func() time.Time) *activityCache {
	if ttl <= 0 {
		return nil
	}
	return &activityCache{ttl: ttl, now: now, byID: map[string]*cachedActivity{}}
}

// get returns the activity, from the cache while it is fresh. An expired
// entry is refreshed by one request while the others still use it.
func (c *activityCache) get(ctx context.Context, slug string, load func(context.Context, string) (store.ActivityWithCounts, error)) (*cachedActivity, error) {
	now := c.now()
	c.mu.Lock()
	e, ok := c.byID[slug]
	stale := ok && now.Sub(e.at) > c.ttl
	refresh := !ok || (stale && !e.refreshing)
	if stale && refresh {
		e.refreshing = true
	}
	c.mu.Unlock()
	if !refresh {
		return e, nil
	}
	a, err := load(ctx, slug)
	if err != nil {
		if ok {
			c.mu.Lock()
			e.refreshing = false
			c.mu.Unlock()
		}
		return nil, err
	}
	fresh := &cachedActivity{ActivityWithCounts: a, at: now, pages: map[string][]byte{}}
	c.mu.Lock()
	c.byID[slug] = fresh
	c.mu.Unlock()
	return fresh, nil
}

// cached returns the page kept under key, rendering it with render the
// first time.
func (e *cachedActivity) cached(key string, render func() ([]byte, error)) ([]byte, error) {
	e.mu.Lock()
	b, ok := e.pages[key]
	e.mu.Unlock()
	if ok {
		return b, nil
	}
	b, err := render()
	if err != nil {
		return nil, err
	}
	e.mu.Lock()
	e.pages[key] = b
	e.mu.Unlock()
	return b, nil
}

// page returns the cached form page in lang, rendering it with render the
// first time, with a fresh token in place of the placeholder.
func (e *cachedActivity) page(lang, token string, render func() ([]byte, error)) ([]byte, error) {
	e.mu.Lock()
	b, ok := e.pages[lang]
	e.mu.Unlock()
	if !ok {
		var err error
		if b, err = render(); err != nil {
			return nil, err
		}
		e.mu.Lock()
		e.pages[lang] = b
		e.mu.Unlock()
	}
	return bytes.Replace(b, []byte(tokenPlaceholder), []byte(token), 1), nil
}
