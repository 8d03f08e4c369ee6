package bot

import (
	"context"
	"encoding/hex"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/beboerprojekt-nordvest/tilmeld/domain"
	"github.com/beboerprojekt-nordvest/tilmeld/locales"
	"github.com/beboerprojekt-nordvest/tilmeld/plans"
	"github.com/beboerprojekt-nordvest/tilmeld/store"
	"github.com/beboerprojekt-nordvest/tilmeld/store/storetest"
)

const (
	testSecret  = "test-signing-secret"
	testTeam    = "T0NORDVEST"
	staffChan   = "C0STAFF"
	partnerUser = "U0PARTNER"
	staffUser   = "U0STAFF"
	testBaseURL = "https://tilmeld.example.dk"
)

// testNow is the bot's clock in tests, so stored times and goldens are
// fixed. Request signatures are dated by it too.
var testNow = time.Date(2026, 11, 27, 10, 0, 0, 0, time.UTC)

// harness is a bot on a fresh database, talking to a fake Slack.
type harness struct {
	t     *testing.T
	st    *store.Store
	slack *fakeSlack
	bot   *Bot
}

func newHarness(t *testing.T) *harness {
	return newHarnessWith(t, func(st *store.Store) Store { return st })
}

// newHarnessWith lets a test put something between the bot and the store.
func newHarnessWith(t *testing.T, wrap func(*store.Store) Store) *harness {
	t.Helper()
	return harnessOn(t, storetest.New(t), wrap)
}

// newHarnessBehindProxy reaches its database through a relay the test can
// cut, as a stopped or unreachable Postgres looks to the bot.
func newHarnessBehindProxy(t *testing.T) (*harness, *storetest.Proxy) {
	t.Helper()
	proxy, dbURL := storetest.NewProxy(t, storetest.NewDatabase(t))
	st, err := store.Open(context.Background(), dbURL, storetest.WithKeys())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	if err := st.Migrate(context.Background()); err != nil {
		t.Fatal(err)
	}
	return harnessOn(t, st, func(st *store.Store) Store { return st }), proxy
}

func harnessOn(t *testing.T, st *store.Store, wrap func(*store.Store) Store) *harness {
	t.Helper()
	fake := newFakeSlack(t)
	bundle, err := locales.Bundle()
	if err != nil {
		t.Fatal(err)
	}
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	b, err := New(wrap(st), testPlan(t), bundle, log, Config{SigningSecret: testSecret, BotToken: "xoxb-test", StaffChannel: staffChan,
		APIURL: fake.URL(), BaseURL: testBaseURL})
	if err != nil {
		t.Fatal(err)
	}
	b.SetClock(func() time.Time { return testNow })
	return &harness{t: t, st: st, slack: fake, bot: b}
}

// fastWorker options: the real pacing rules, at test speed.
var fastWorker = WorkerOptions{Pace: 20 * time.Millisecond, Poll: 10 * time.Millisecond,
	Backoff: 10 * time.Millisecond, MaxBackoff: 100 * time.Millisecond}

// startWorker runs a worker until the test ends.
func (h *harness) startWorker(opt WorkerOptions) {
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	w := h.bot.NewWorker(opt)
	go func() { defer close(done); w.Run(ctx) }()
	h.t.Cleanup(func() { cancel(); <-done })
}

// drain waits until nothing is left to send.
func (h *harness) drain() {
	h.t.Helper()
	h.bot.Wait()
	waitFor(h.t, 10*time.Second, "the outbox to empty", func() bool {
		c, err := h.st.OutboxCounts(context.Background())
		return err == nil && c["pending"] == 0
	})
}

func waitFor(t *testing.T, limit time.Duration, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(limit)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// post sends a request signed the way Slack signs it.
func (h *harness) post(path, contentType, body string, header http.Header) *httptest.ResponseRecorder {
	h.t.Helper()
	req := httptest.NewRequest(http.MethodPost, path, strings.NewReader(body))
	req.Header.Set("Content-Type", contentType)
	ts := strconv.FormatInt(testNow.Unix(), 10)
	req.Header.Set("X-Slack-Request-Timestamp", ts)
	req.Header.Set("X-Slack-Signature", "v0="+hex.EncodeToString(Sign(testSecret, ts, []byte(body))))
	for k, v := range header {
		req.Header[k] = v
	}
	rec := httptest.NewRecorder()
	h.bot.ServeHTTP(rec, req)
	return rec
}

// command sends /tilmeld with text, as Slack posts a slash command.
func (h *harness) command(user, text string) *httptest.ResponseRecorder {
	form := url.Values{
		"token": {"legacy-token"}, "team_id": {testTeam}, "team_domain": {"nordvest"},
		"channel_id": {"D0PARTNER"}, "channel_name": {"directmessage"}, "user_id": {user},
		"user_name": {"partner"}, "command": {"/tilmeld"}, "text": {text}, "api_app_id": {"A0TILMELD"},
		"response_url": {"https://hooks.slack.com/commands/T0NORDVEST/1/abc"},
		"trigger_id":   {"13345224609.738474920.8088930838d88f008e0"},
	}
	return h.post("/slack/commands", "application/x-www-form-urlencoded", form.Encode(), nil)
}

// interact posts an interaction payload the way Slack does: a form with
// one field, payload, holding the JSON. A response_url on Slack's hooks
// host is pointed at the fake, as the Web API is, so no test reaches Slack.
func (h *harness) interact(payload map[string]any, header http.Header) *httptest.ResponseRecorder {
	h.t.Helper()
	if u, ok := payload["response_url"].(string); ok && strings.HasPrefix(u, slackHooks) {
		payload["response_url"] = h.slack.HookURL(strings.TrimPrefix(u, slackHooks))
	}
	b, err := json.Marshal(payload)
	if err != nil {
		h.t.Fatal(err)
	}
	return h.post("/slack/interactions", "application/x-www-form-urlencoded", url.Values{"payload": {string(b)}}.Encode(), header)
}

func slackUser(id string) map[string]any {
	return map[string]any{"id": id, "username": strings.ToLower(id), "name": strings.ToLower(id), "team_id": testTeam}
}

// viewSubmission is a view_submission payload shaped like Slack's, with
// the given state values (block id → action id → value).
func viewSubmission(user, callback, viewID, metadata string, values map[string]map[string]any) map[string]any {
	return map[string]any{
		"type": "view_submission", "team": map[string]any{"id": testTeam, "domain": "nordvest"},
		"user": slackUser(user), "api_app_id": "A0TILMELD", "token": "legacy-token",
		"trigger_id": "12345.98765.abcd2358fdea", "is_enterprise_install": false, "enterprise": nil,
		"view": map[string]any{
			"id": viewID, "team_id": testTeam, "type": "modal", "callback_id": callback,
			"private_metadata": metadata, "hash": "1764237600.ab12cd34", "app_id": "A0TILMELD",
			"root_view_id": viewID, "previous_view_id": nil, "bot_id": "B0TILMELD", "external_id": "",
			"title": map[string]any{"type": "plain_text", "text": "Tilmeld", "emoji": true},
			"state": map[string]any{"values": values}, "blocks": []any{},
		},
		"response_urls": []any{},
	}
}

// Input values as Slack reports them in state.values.
func textValue(v string) map[string]any {
	return map[string]any{inputAction: map[string]any{"type": "plain_text_input", "value": v}}
}

func selectValue(v string) map[string]any {
	return map[string]any{inputAction: map[string]any{"type": "static_select",
		"selected_option": map[string]any{"text": map[string]any{"type": "plain_text", "text": v, "emoji": true}, "value": v}}}
}

func radioValue(v string) map[string]any {
	return map[string]any{inputAction: map[string]any{"type": "radio_buttons",
		"selected_option": map[string]any{"text": map[string]any{"type": "plain_text", "text": v, "emoji": true}, "value": v}}}
}

func checkboxValue(checked bool) map[string]any {
	opts := []any{}
	if checked {
		opts = append(opts, map[string]any{"text": map[string]any{"type": "plain_text", "text": "ok"}, "value": "yes"})
	}
	return map[string]any{inputAction: map[string]any{"type": "checkboxes", "selected_options": opts}}
}

// referralValues is a complete, valid referral form.
func referralValues(target string) map[string]map[string]any {
	return map[string]map[string]any{
		domain.RefTarget: selectValue(target), domain.RefFirstName: textValue("Amina"),
		domain.RefPhone: textValue("31 41 59 26"), domain.RefDepartment: selectValue("fsb-01-29"),
		domain.RefAgeGroup: selectValue("25-64"), domain.RefLanguage: selectValue("ar"),
		domain.RefContact: radioValue(domain.ContactCall), domain.RefConsent: checkboxValue(true),
		domain.RefNote: textValue("Mor til to teenagere, bedst efter kl. 15"),
	}
}

// slackHooks is where Slack's response_urls point; see interact.
const slackHooks = "https://hooks.slack.com"

// buttonPress is a block_actions payload for a button on a channel card.
func buttonPress(user, channel, messageTS, actionID, value string) map[string]any {
	return map[string]any{
		"type": "block_actions", "team": map[string]any{"id": testTeam, "domain": "nordvest"},
		"user": slackUser(user), "api_app_id": "A0TILMELD", "token": "legacy-token",
		"container":    map[string]any{"type": "message", "message_ts": messageTS, "channel_id": channel, "is_ephemeral": false},
		"trigger_id":   "23456.87654.bcde3469",
		"channel":      map[string]any{"id": channel, "name": "henvisninger"},
		"message":      map[string]any{"type": "message", "ts": messageTS, "text": "card"},
		"state":        map[string]any{"values": map[string]any{}},
		"response_url": "https://hooks.slack.com/actions/T0NORDVEST/1/xyz",
		"actions": []any{map[string]any{"action_id": actionID, "block_id": "referral:" + value,
			"text":  map[string]any{"type": "plain_text", "text": "button", "emoji": true},
			"value": value, "type": "button", "action_ts": "1764237601.000100"}},
	}
}

// decode reads a JSON answer.
func decode(t *testing.T, rec *httptest.ResponseRecorder) map[string]any {
	t.Helper()
	var out map[string]any
	if err := json.Unmarshal(rec.Body.Bytes(), &out); err != nil {
		t.Fatalf("answer %d is not JSON: %q", rec.Code, rec.Body.String())
	}
	return out
}

// newTestActivity adds an activity to the catalogue.
func newTestActivity(t *testing.T, st *store.Store, slug string, area domain.Area, da, en string) domain.Activity {
	t.Helper()
	a := domain.Activity{Slug: slug, Area: area, Open: true,
		Texts:    domain.Texts{Title: domain.Text{"da": da, "en": en}},
		StartsOn: time.Date(2027, 2, 1, 0, 0, 0, 0, time.UTC),
		Form:     domain.Form{Fields: []domain.Field{{Key: "name", Type: domain.FieldText, Required: true}}}}
	id, err := st.CreateActivity(context.Background(), a)
	if err != nil {
		t.Fatal(err)
	}
	a.ID = id
	return a
}

// testPlan is the embedded Beboerprojekt Nordvest plan the tests run with.
func testPlan(t testing.TB) *domain.Plan {
	t.Helper()
	p, err := plans.Default()
	if err != nil {
		t.Fatal(err)
	}
	return p
}
