package bot

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/beboerprojekt-nordvest/tilmeld/domain"
	"github.com/beboerprojekt-nordvest/tilmeld/locales"
	"github.com/beboerprojekt-nordvest/tilmeld/store"
	"github.com/beboerprojekt-nordvest/tilmeld/store/storetest"
)

// Partner channels of the digest tests.
const (
	familiehusetChan   = "C0FAMILIEHUS"
	sundhedsplejenChan = "C0SUNDHEDPL"
)

var partnerChannels = map[string]string{"sof-familiehuset": familiehusetChan, "buf-sundhedsplejen": sundhedsplejenChan}

// instance is one running copy of the service: its own bot and worker,
// on a database and a Slack that other instances may share, with a clock
// the test moves.
type instance struct {
	bot *Bot
	mu  sync.Mutex
	now time.Time
}

func (in *instance) setNow(t time.Time) { in.mu.Lock(); in.now = t; in.mu.Unlock() }
func (in *instance) clock() time.Time   { in.mu.Lock(); defer in.mu.Unlock(); return in.now }

func newInstance(t *testing.T, st Store, fake *fakeSlack) *instance {
	t.Helper()
	bundle, err := locales.Bundle()
	if err != nil {
		t.Fatal(err)
	}
	b, err := New(st, testPlan(t), bundle, slog.New(slog.NewTextHandler(io.Discard, nil)), Config{SigningSecret: testSecret,
		BotToken: "xoxb-test", StaffChannel: staffChan, APIURL: fake.URL(), BaseURL: testBaseURL, PartnerChannels: partnerChannels})
	if err != nil {
		t.Fatal(err)
	}
	in := &instance{bot: b}
	b.SetClock(in.clock)
	return in
}

// startWorker runs the instance's outbox worker until the test ends.
func (in *instance) startWorker(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	w := in.bot.NewWorker(fastWorker)
	go func() { defer close(done); w.Run(ctx) }()
	t.Cleanup(func() { cancel(); <-done })
}

// drainOutbox waits until nothing is left to send.
func drainOutbox(t *testing.T, st *store.Store) {
	t.Helper()
	waitFor(t, 10*time.Second, "the outbox to empty", func() bool {
		c, err := st.OutboxCounts(context.Background())
		return err == nil && c["pending"] == 0
	})
}

// copenhagenAt is a wall-clock time in Copenhagen.
func copenhagenAt(t *testing.T, s string) time.Time {
	t.Helper()
	loc, _ := time.LoadLocation("Europe/Copenhagen")
	tm, err := time.ParseInLocation("2006-01-02 15:04", s, loc)
	if err != nil {
		t.Fatal(err)
	}
	return tm
}

// postsTo lists the chat.postMessage calls Slack accepted for a channel.
func postsTo(f *fakeSlack, channel string) []call {
	var out []call
	for _, c := range f.Delivered("chat.postMessage") {
		if c.str("channel") == channel {
			out = append(out, c)
		}
	}
	return out
}

// lossyStore loses the record of the first summary Slack accepts, as if
// the database went away between Slack's answer and the commit.
type lossyStore struct {
	*store.Store
	mu   sync.Mutex
	lost bool
}

func (l *lossyStore) DeliverNext(ctx context.Context, opt store.ClaimOptions, send func(context.Context, store.OutboxItem) store.Delivery) (bool, error) {
	return l.Store.DeliverNext(ctx, opt, func(ctx context.Context, it store.OutboxItem) store.Delivery {
		d := send(ctx, it)
		l.mu.Lock()
		defer l.mu.Unlock()
		if it.DigestID != 0 && d.Outcome == store.OutboxSent && !l.lost {
			l.lost = true
			return store.Delivery{Outcome: store.OutboxRetry, RetryAt: opt.Now, Error: "connection lost", At: d.At}
		}
		return d
	})
}

// TestAFailedPostSlackHadAcceptedIsRetriedAsAnUpdate: Slack accepts the
// staff summary, but recording that fails; the retry changes the message
// Slack has instead of posting a second.
func TestAFailedPostSlackHadAcceptedIsRetriedAsAnUpdate(t *testing.T) {
	t.Parallel()
	st := storetest.New(t)
	fake := newFakeSlack(t)
	loc, _ := time.LoadLocation("Europe/Copenhagen")
	storetest.NewSampleWeek(t, st, domain.Week{Year: 2026, Num: 47}, loc)
	lossy := &lossyStore{Store: st}
	in := newInstance(t, lossy, fake)
	in.bot.cfg.PartnerChannels = nil
	in.setNow(copenhagenAt(t, "2026-11-23 08:00"))
	in.startWorker(t)
	w, due := domain.DefaultDigestTime.DueWeek(in.clock(), in.bot.tz)
	if n, err := in.bot.PostDigests(context.Background(), w, PostOptions{DueAt: due, By: ByScheduler}); n != 1 || err != nil {
		t.Fatalf("queued %d, %v", n, err)
	}
	drainOutbox(t, st)
	posts, updates := postsTo(fake, staffChan), fake.Delivered("chat.update")
	if len(posts) != 1 || len(updates) != 1 {
		t.Fatalf("%d posts and %d updates; want one of each", len(posts), len(updates))
	}
	if updates[0].str("ts") != posts[0].TS || updates[0].str("channel") != staffChan {
		t.Fatalf("the retry changed %s/%s, not the posted %s", updates[0].str("channel"), updates[0].str("ts"), posts[0].TS)
	}
	if !lossy.lost {
		t.Fatal("the test did not lose the record")
	}
}

// TestPostingAgainUpdatesInsteadOfPostingTwice: asking for a week's
// summaries again (tilmeld digest --post) changes the messages already
// posted to today's numbers.
func TestPostingAgainUpdatesInsteadOfPostingTwice(t *testing.T) {
	t.Parallel()
	st := storetest.New(t)
	fake := newFakeSlack(t)
	in := newInstance(t, st, fake)
	in.setNow(copenhagenAt(t, "2026-11-23 09:00"))
	in.startWorker(t)
	w := domain.Week{Year: 2026, Num: 47}
	ctx := context.Background()
	if n, err := in.bot.PostDigests(ctx, w, PostOptions{By: ByCommand, Refresh: true}); n != 3 || err != nil {
		t.Fatalf("first: %d, %v", n, err)
	}
	drainOutbox(t, st)
	if n, err := in.bot.PostDigests(ctx, w, PostOptions{By: ByCommand, Refresh: true}); n != 3 || err != nil {
		t.Fatalf("again: %d, %v", n, err)
	}
	drainOutbox(t, st)
	if p, u := len(fake.Delivered("chat.postMessage")), len(fake.Delivered("chat.update")); p != 3 || u != 3 {
		t.Fatalf("%d posts and %d updates; want 3 and 3", p, u)
	}
}

// summaryCommand sends /tilmeld text from a channel and reads the answer.
func (h *harness) summaryCommand(user, channel, text string) map[string]any {
	h.t.Helper()
	form := url.Values{
		"token": {"legacy-token"}, "team_id": {testTeam}, "team_domain": {"nordvest"}, "channel_id": {channel},
		"user_id": {user}, "user_name": {"someone"}, "command": {"/tilmeld"}, "text": {text}, "api_app_id": {"A0TILMELD"},
		"response_url": {"https://hooks.slack.com/commands/T0NORDVEST/1/abc"}, "trigger_id": {"1.2.3"},
	}
	rec := h.post("/slack/commands", "application/x-www-form-urlencoded", form.Encode(), nil)
	var out map[string]any
	if err := json.Unmarshal(rec.Body.Bytes(), &out); err != nil {
		h.t.Fatalf("answer %d: %q", rec.Code, rec.Body.String())
	}
	if out["response_type"] != "ephemeral" {
		h.t.Fatalf("a summary on demand must be for the asker only: %v", out)
	}
	return out
}

// TestSummaryOnDemandShowsEachAskerHerOwnView: a partner sees her
// organisation's referrals with small counts masked, wherever she asks;
// in the staff channel, staff see everything; anyone else is told how.
func TestSummaryOnDemandShowsEachAskerHerOwnView(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	loc, _ := time.LoadLocation("Europe/Copenhagen")
	storetest.NewSampleWeek(t, h.st, domain.Week{Year: 2026, Num: 47}, loc) // the harness's clock is in week 48
	ctx := context.Background()
	if err := h.st.SetSlackUserOrg(ctx, testTeam, partnerUser, "sof-familiehuset"); err != nil {
		t.Fatal(err)
	}
	partner := h.summaryCommand(partnerUser, "D0PARTNER", "opsummering")
	if s := mustJSON(partner); !strings.Contains(string(s), "henvisninger fra Familiehuset") ||
		!strings.Contains(string(s), `lt;5`) || strings.Contains(string(s), "Testaktivitet Uge") {
		t.Fatalf("partner view: %s", s)
	}
	staff := h.summaryCommand(staffUser, staffChan, "opsummering 47")
	if s := mustJSON(staff); !strings.Contains(string(s), "Testaktivitet Uge") || !strings.Contains(string(s), "2 af 3 pladser") {
		t.Fatalf("staff view: %s", s)
	}
	for _, c := range []struct{ user, channel, text, want string }{
		{staffUser, "C0ELSEWHERE", "opsummering", "vælg først din organisation"},
		{staffUser, staffChan, "opsummering 2026-W48", "ikke slut endnu"},
		{staffUser, staffChan, "opsummering sidste", "Den uge kender jeg ikke"},
	} {
		if got := h.summaryCommand(c.user, c.channel, c.text)["text"]; !strings.Contains(got.(string), c.want) {
			t.Errorf("%q in %s: %q, want %q", c.text, c.channel, got, c.want)
		}
	}
	if n := len(h.slack.Calls("")); n != 0 {
		t.Fatalf("an answer on demand made %d Slack calls; it is the HTTP answer itself", n)
	}
}
