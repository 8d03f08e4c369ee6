package bot

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/beboerprojekt-nordvest/tilmeld/domain"
	"github.com/beboerprojekt-nordvest/tilmeld/store"
	"github.com/nicksnyder/go-i18n/v2/i18n"
	"github.com/slack-go/slack"
)

// Config is what the Slack app needs to know about its surroundings.
type Config struct {
	SigningSecret string // verifies every request
	BotToken      string // xoxb-…, for Web API calls
	StaffChannel  string // channel id where staff see and act on referrals
	APIURL        string // Slack's Web API, e.g. https://slack.com/api; tests point it at a fake
	BaseURL       string // Tilmeld's public address, for links to staff pages
	// PartnerChannels are the channels partner organisations get their
	// weekly summary in, by organisation key; an organisation without one
	// gets none.
	PartnerChannels map[string]string
}

// Store is what the Slack app needs from storage: *store.Store, or in
// tests a store that answers slowly or loses a commit (trigger_test.go,
// digest_test.go), which is why it is an interface at all.
type Store interface {
	ListActivities(ctx context.Context, openOnly bool) ([]store.ActivityWithCounts, error)
	ActivityByID(ctx context.Context, id int64) (store.ActivityWithCounts, error)
	SlackUser(ctx context.Context, teamID, userID string) (store.SlackUser, error)
	SetSlackUserOrg(ctx context.Context, teamID, userID, orgKey string, msgs ...store.OutboxMessage) error
	SetSlackUserLocale(ctx context.Context, teamID, userID, locale string) error
	CreateReferral(ctx context.Context, r domain.Referral, announce store.Announce) (store.ReferralResult, error)
	ChangeReferralStatus(ctx context.Context, id int64, u store.StatusUpdate, announce store.Announce) (domain.Referral, error)
	ReferralByID(ctx context.Context, id int64) (domain.Referral, error)
	ReferralsByReferrer(ctx context.Context, teamID, userID string, limit int) ([]domain.Referral, error)
	EnqueueSlack(ctx context.Context, msgs ...store.OutboxMessage) error
	Enqueue(ctx context.Context, msgs ...store.OutboxMessage) error // jobs: digest_job.go
	DeliverNext(ctx context.Context, opt store.ClaimOptions, send func(context.Context, store.OutboxItem) store.Delivery) (bool, error)
	// Weekly summaries: digest.go.
	WeekSummary(ctx context.Context, p *domain.Plan, w domain.Week) (domain.Summary, error)
	ClaimDigest(ctx context.Context, c store.DigestClaim, build func(id int64) ([]store.OutboxMessage, error)) (bool, error)
	DigestPosts(ctx context.Context, w domain.Week) ([]store.DigestPost, error)
	RecordDigestTS(ctx context.Context, id int64, channel, ts string) error
}

// MaxBodyBytes bounds a Slack request; real payloads are a few kilobytes.
const MaxBodyBytes = 1 << 20

// ackBudget is how long a handler may spend before answering: Slack
// gives up after three seconds, and the answer must travel back too.
const ackBudget = 2 * time.Second

// Bot serves Slack's requests at /slack/commands, /slack/interactions and
// /slack/events.
type Bot struct {
	cfg       Config
	store     Store
	api       *slack.Client
	hooks     *http.Client // posts to response_urls, which are not the Web API
	bundle    *i18n.Bundle
	log       *slog.Logger
	now       func() time.Time
	plan      *domain.Plan
	tz        *time.Location // the plan's: the weeks summaries count
	catalogue *catalogue
	kick      chan struct{} // wakes the workers when something is queued
	bg        sync.WaitGroup
	mux       *http.ServeMux
}

// New builds the Slack app for plan p. It does not start a worker; see
// NewWorker.
func New(st Store, p *domain.Plan, bundle *i18n.Bundle, log *slog.Logger, cfg Config) (*Bot, error) {
	if cfg.SigningSecret == "" || cfg.BotToken == "" || cfg.StaffChannel == "" || cfg.APIURL == "" {
		return nil, errors.New("bot: signing secret, bot token, staff channel and API URL are all needed")
	}
	b := &Bot{cfg: cfg, store: st, plan: p, bundle: bundle, log: log, now: time.Now, tz: p.Location, kick: make(chan struct{}, 1),
		hooks: &http.Client{Timeout: hookTimeout},
		api:   slack.New(cfg.BotToken, slack.OptionAPIURL(strings.TrimRight(cfg.APIURL, "/")+"/"))}
	b.catalogue = newCatalogue(st, p, log, func() time.Time { return b.now() })
	b.mux = http.NewServeMux()
	b.mux.HandleFunc("POST /slack/commands", b.verified(b.handleCommand))
	b.mux.HandleFunc("POST /slack/interactions", b.verified(b.handleInteraction))
	b.mux.HandleFunc("POST /slack/events", b.verified(b.handleEvent))
	return b, nil
}

// ServeHTTP serves a Slack request.
func (b *Bot) ServeHTTP(w http.ResponseWriter, r *http.Request) { b.mux.ServeHTTP(w, r) }

// SetClock replaces the clock, for tests: it dates referrals and judges
// the signature window.
func (b *Bot) SetClock(now func() time.Time) { b.now = now }

// Warm loads the catalogue, so the first /tilmeld opens its modal at once.
func (b *Bot) Warm(ctx context.Context) { b.catalogue.activities(ctx) }

// Wait waits for views being opened in the background after an answer.
func (b *Bot) Wait() { b.bg.Wait() }

// verified reads the body, refuses it unless Slack signed it, and only
// then hands it to the handler to parse.
func (b *Bot) verified(h func(http.ResponseWriter, *http.Request, []byte)) http.HandlerFunc {
	v := Verifier{Secret: b.cfg.SigningSecret, Now: func() time.Time { return b.now() }}
	return func(w http.ResponseWriter, r *http.Request) {
		body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, MaxBodyBytes))
		if err != nil {
			http.Error(w, "request too large", http.StatusRequestEntityTooLarge)
			return
		}
		if err := v.Verify(r.Header, body); err != nil {
			b.log.Warn("slack request refused", "path", r.URL.Path, "err", err)
			http.Error(w, "invalid signature", http.StatusUnauthorized)
			return
		}
		h(w, r, body)
	}
}

// background runs fn after the answer has gone, within Slack's trigger
// window for views.open.
func (b *Bot) background(name string, fn func(ctx context.Context) error) {
	b.bg.Add(1)
	go func() {
		defer b.bg.Done()
		ctx, cancel := context.WithTimeout(context.Background(), 2500*time.Millisecond)
		defer cancel()
		if err := fn(ctx); err != nil {
			b.log.Error("slack "+name, "err", err)
		}
	}()
}

// kickWorker wakes a worker in this process; others poll.
func (b *Bot) kickWorker() {
	select {
	case b.kick <- struct{}{}:
	default:
	}
}

// staffURL is the staff page of a referral, where the details are.
func (b *Bot) staffURL(id int64) string {
	return fmt.Sprintf("%s/staff/referrals/%d", strings.TrimRight(b.cfg.BaseURL, "/"), id)
}
