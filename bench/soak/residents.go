package main

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// residents is the public side of the load: residents fetching forms and
// the activity list, signing up (some twice with one form, some with a
// number already signed up) and cancelling through their private link.
type residents struct {
	c     *client
	led   *ledger
	slugs []weightedSlug
	n     atomic.Int64 // residents so far: names and phone numbers
	// opLimit is how long one resident keeps trying to get an answer.
	opLimit time.Duration
	think   time.Duration
}

type weightedSlug struct {
	Slug   string
	Weight int
	ID     int64 // the activity's id, read from the database at start
}

// The activities the load signs up for: one with ten places, so the
// waiting list fills and cancellations promote from it, two more with a
// capacity and two without.
var loadActivities = []weightedSlug{
	{Slug: "valgambassador", Weight: 30}, {Slug: "mamamove", Weight: 20}, {Slug: "raad-til-bolig", Weight: 15},
	{Slug: "jobaften", Weight: 20}, {Slug: "dialogaften-foraeldre", Weight: 15},
}

// Shares of what a resident does next.
const (
	shareAPI      = 0.07 // GET /api/activities
	shareHome     = 0.04 // GET /
	shareCancel   = 0.06 // cancel one of the sign-ups delivered
	shareDouble   = 0.08 // of sign-ups: the form posted twice at once
	shareRepeated = 0.12 // of sign-ups: a phone number from a small pool
)

// run is one resident after another until ctx ends; the operation under
// way when it ends is finished.
func (r *residents) run(ctx context.Context, seed uint64) {
	rng := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	for ctx.Err() == nil {
		switch x := rng.Float64(); {
		case x < shareAPI:
			r.activityList(rng)
		case x < shareAPI+shareHome:
			r.get(rng, "home GET", "/")
		case x < shareAPI+shareHome+shareCancel:
			r.cancel(rng)
		default:
			r.signUp(rng, r.pickSlug(rng))
		}
		if r.think > 0 {
			time.Sleep(time.Duration(rng.Int64N(int64(r.think))))
		}
	}
}

func (r *residents) pickSlug(rng *rand.Rand) string {
	total := 0
	for _, s := range r.slugs {
		total += s.Weight
	}
	x := rng.IntN(total)
	for _, s := range r.slugs {
		if x < s.Weight {
			return s.Slug
		}
		x -= s.Weight
	}
	return r.slugs[0].Slug
}

func (r *residents) get(rng *rand.Rand, kind, path string) (answer, error) {
	a, _, err := r.c.do(kind, rng, r.opLimit, func(base string) (*http.Request, error) {
		return http.NewRequest(http.MethodGet, base+path, nil)
	})
	return a, err
}

// activityList reads /api/activities as a partner's website does.
func (r *residents) activityList(rng *rand.Rand) {
	a, err := r.get(rng, "api GET", "/api/activities")
	if err != nil || a.Status != http.StatusOK {
		return
	}
	var v struct {
		Activities []struct {
			Slug string `json:"slug"`
		} `json:"activities"`
	}
	if json.Unmarshal([]byte(a.Body), &v) != nil || len(v.Activities) == 0 {
		r.led.count("api GET", "unreadable JSON")
		r.led.example("api GET unreadable", a.Body)
	}
}

// signUp fetches a form and posts it, sometimes twice at once.
func (r *residents) signUp(rng *rand.Rand, slug string) {
	n := r.n.Add(1)
	phone := fmt.Sprintf("+45 %d", 20000000+n)
	if rng.Float64() < shareRepeated {
		phone = fmt.Sprintf("+45 %d", 30000000+rng.IntN(40))
	}
	a, err := r.get(rng, "form GET", "/a/"+slug)
	if err != nil || a.Status != http.StatusOK {
		return
	}
	vals, token := fillForm(a.Body, rng, n, phone)
	if token == "" {
		r.led.count("form GET", "no idempotency token")
		r.led.example("form GET without token", a.Body)
		return
	}
	rec := r.led.form(token, slug, phone)
	body := vals.Encode()
	copies := 1
	if rng.Float64() < shareDouble {
		copies = 2
	}
	var wg sync.WaitGroup
	for range copies {
		prng := rand.New(rand.NewPCG(rng.Uint64(), rng.Uint64()))
		wg.Go(func() { r.post(prng, rec, slug, body) })
	}
	wg.Wait()
}

// post submits a filled form and records what the page said.
func (r *residents) post(rng *rand.Rand, rec *formRecord, slug, body string) {
	a, sent, err := r.c.do("signup POST", rng, r.opLimit, func(base string) (*http.Request, error) {
		req, err := http.NewRequest(http.MethodPost, base+"/a/"+slug, strings.NewReader(body))
		if err == nil {
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		}
		return req, err
	})
	if err != nil {
		r.led.update(func() { rec.Posts++; rec.Uncertain = rec.Uncertain || sent })
		return
	}
	p := readPage(a.Body)
	r.led.update(func() {
		rec.Posts++
		switch {
		case a.Status == http.StatusOK && p.Confirmation:
			rec.Refs = append(rec.Refs, p.Ref)
			rec.CancelToken = p.CancelToken
			if p.Place {
				rec.Place++
			}
			if p.Waitlist {
				rec.Waitlist++
			}
		case a.Status == http.StatusOK && p.Already:
			rec.Already = append(rec.Already, p.Ref)
		case a.Status == http.StatusUnprocessableEntity:
			rec.Rejected++
		}
	})
	switch {
	case a.Status == http.StatusUnprocessableEntity:
		r.led.example("signup POST 422 (form refused)", a.Body)
	case a.Status == http.StatusOK && p.Ref == "":
		r.led.count("signup POST", "200 without a reference")
		r.led.example("signup POST 200 without reference", a.Body)
	case a.Status != http.StatusOK && a.Status != http.StatusConflict:
		r.led.example(fmt.Sprintf("signup POST %d", a.Status), a.Body)
	}
}

// cancel opens a private cancel link and confirms.
func (r *residents) cancel(rng *rand.Rand) {
	slug := ""
	if rng.IntN(2) == 0 {
		slug = "valgambassador" // where a freed place goes to the waiting list
	}
	f, rec, ok := r.led.cancellable(rng.IntN, slug)
	if !ok {
		return
	}
	if a, err := r.get(rng, "cancel GET", "/afmeld/"+f.CancelToken); err != nil || a.Status != http.StatusOK {
		if err == nil {
			r.led.example(fmt.Sprintf("cancel GET %d", a.Status), a.Body)
		}
		// She did not get as far as the button: nothing was cancelled.
		r.led.update(func() { delete(r.led.cancels, f.CancelToken) })
		return
	}
	a, sent, err := r.c.do("cancel POST", rng, r.opLimit, func(base string) (*http.Request, error) {
		return http.NewRequest(http.MethodPost, base+"/afmeld/"+f.CancelToken, nil)
	})
	r.led.update(func() {
		rec.Done = err == nil && a.Status == http.StatusOK
		rec.Uncertain = err != nil && sent
	})
	if err == nil && a.Status != http.StatusOK {
		r.led.example(fmt.Sprintf("cancel POST %d", a.Status), a.Body)
	}
}
