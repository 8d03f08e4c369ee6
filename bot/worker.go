package bot

import (
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"sync"
	"time"

	"github.com/beboerprojekt-nordvest/tilmeld/queue"
	"github.com/beboerprojekt-nordvest/tilmeld/store"
	"github.com/slack-go/slack"
)

// WorkerOptions tune the outbox worker; zero values take the defaults.
type WorkerOptions struct {
	Pace       time.Duration // between messages in one channel; Slack allows about one a second
	Poll       time.Duration // how often to look for due messages when not woken
	Backoff    time.Duration // first wait after a 5xx or network error, doubled each time
	MaxBackoff time.Duration
}

func (o WorkerOptions) withDefaults() WorkerOptions {
	if o.Pace == 0 {
		o.Pace = time.Second
	}
	if o.Poll == 0 {
		o.Poll = time.Second
	}
	if o.Backoff == 0 {
		o.Backoff = 2 * time.Second
	}
	if o.MaxBackoff == 0 {
		o.MaxBackoff = 10 * time.Minute
	}
	return o
}

// Worker sends the queued Slack calls. Several workers, in one process or
// many, may share a database: each message is claimed under a row lock
// that the others skip, so none goes twice.
type Worker struct {
	st   Store
	api  *slack.Client
	log  *slog.Logger
	now  func() time.Time
	opt  WorkerOptions
	kick <-chan struct{}

	mu     sync.Mutex
	paused map[string]time.Time // method → when Slack's 429 ends
}

// NewWorker returns a worker that sends this bot's queue.
func (b *Bot) NewWorker(opt WorkerOptions) *Worker {
	return &Worker{st: b.store, api: b.api, log: b.log, now: time.Now, opt: opt.withDefaults(),
		kick: b.kick, paused: map[string]time.Time{}}
}

// Run sends due messages until ctx ends. The loop is the one every
// outbox channel shares (package queue); this worker is its Slack channel.
func (w *Worker) Run(ctx context.Context) {
	w.Queue().Run(ctx)
}

// Queue is a queue worker with this worker as its only channel; serve
// adds the SMS channel beside it.
func (w *Worker) Queue(more ...queue.Channel) *queue.Worker {
	return queue.New(w.st, w.log, queue.Options{Pace: w.opt.Pace, Poll: w.opt.Poll, Kick: w.kick,
		Now: func() time.Time { return w.now() }}, append([]queue.Channel{w}, more...)...)
}

// Name is the outbox channel this worker sends.
func (w *Worker) Name() string { return store.ChannelSlack }

// Held lists the methods Slack has asked us to hold back (429) until now.
func (w *Worker) Held(now time.Time) []string {
	w.mu.Lock()
	defer w.mu.Unlock()
	var skip []string
	for m, until := range w.paused {
		if now.Before(until) {
			skip = append(skip, m)
		} else {
			delete(w.paused, m)
		}
	}
	return skip
}

// Send makes one queued call and says what became of it.
func (w *Worker) Send(ctx context.Context, it store.OutboxItem) store.Delivery {
	ctx, cancel := context.WithTimeout(ctx, 15*time.Second)
	defer cancel()
	d, err := w.call(ctx, it)
	if err != nil {
		d = w.failure(it, err)
		w.log.Warn("slack call not sent", "method", it.Method, "key", it.Key, "attempt", it.Attempts+1, "err", err)
	}
	d.At = w.now()
	return d
}

// errNotPosted means an update's message was never posted: its post
// failed for good, so there is nothing to update.
var errNotPosted = errors.New("the channel message to update was never posted")

func (w *Worker) call(ctx context.Context, it store.OutboxItem) (store.Delivery, error) {
	sent := store.Delivery{Outcome: store.OutboxSent}
	switch it.Method {
	case methodPost, methodUpdate, methodEphemeral:
		var p chatPayload
		if err := json.Unmarshal(it.Payload, &p); err != nil {
			return sent, err
		}
		opts := []slack.MsgOption{slack.MsgOptionText(p.Text, false), slack.MsgOptionBlocks(p.Blocks.BlockSet...)}
		var err error
		switch it.Method {
		case methodPost:
			sent.Channel, sent.TS, err = w.post(ctx, it, p.Channel, opts)
		case methodUpdate:
			channel, ts := updateTarget(it)
			if ts == "" {
				return sent, errNotPosted
			}
			sent.Channel, sent.TS, _, err = w.api.UpdateMessageContext(ctx, channel, ts, opts...)
		default:
			_, err = w.api.PostEphemeralContext(ctx, p.Channel, p.User, opts...)
		}
		return sent, err
	case methodPublish:
		var p publishPayload
		if err := json.Unmarshal(it.Payload, &p); err != nil {
			return sent, err
		}
		_, err := w.api.PublishViewContext(ctx, slack.PublishViewContextRequest{UserID: p.UserID, View: p.View})
		return sent, err
	case methodUserInfo:
		var p userInfoPayload
		if err := json.Unmarshal(it.Payload, &p); err != nil {
			return sent, err
		}
		u, err := w.api.GetUserInfoContext(ctx, p.User)
		if err == nil {
			sent.Locale = u.Locale
		}
		return sent, err
	}
	return sent, errors.New("unknown method " + it.Method)
}
