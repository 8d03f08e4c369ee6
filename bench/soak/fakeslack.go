package main

import (
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"mime"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"
)

// fault is how the fake Slack misbehaves for a while.
type fault string

// The faults the fake can play. None of them processes the call, except
// slow, which answers late but does what was asked.
const (
	faultNone     fault = ""
	fault500      fault = "500"       // HTTP 500, an HTML body
	fault429      fault = "429"       // HTTP 429 with Retry-After
	faultHang     fault = "hang"      // no answer until the caller gives up
	faultSlow     fault = "slow"      // answers after a few seconds
	faultSlackErr fault = "ok:false"  // HTTP 200, {"ok":false,"error":"internal_error"}
	faultRefused  fault = "refusing!" // never scheduled: marks a call refused for a bad token
)

// slackCall is one Web API call the fake received.
type slackCall struct {
	Method    string
	Instance  string // which tilmeld instance called (its SLACK_API_URL prefix)
	Params    map[string]any
	Processed bool // Slack did what was asked: the call counts as received
	Fault     fault
	At        time.Time
	TS        string // what a chat.postMessage was answered with
}

// card is a referral's message in the staff channel, as last posted or
// updated.
type card struct {
	TS         string
	ReferralID int64
	Text       string
	Buttons    []button
	Versions   int
}

type button struct{ ActionID, Value string }

// openedView is a modal opened with views.open, by trigger id.
type openedView struct {
	ID   string
	View map[string]any
}

// fakeSlack answers like Slack's Web API on loopback and records every
// call. Each tilmeld instance gets its own path prefix (/a/api, /b/api),
// so a call says who made it.
type fakeSlack struct {
	token        string
	staffChannel string
	srv          *http.Server
	url          string

	mu         sync.Mutex
	calls      []slackCall
	seq        int
	fault      fault
	retryAfter int
	views      map[string]openedView // trigger id → the modal opened with it
	cards      map[string]*card      // ts → the staff channel's card
	locales    map[string]string     // users.info answers
	badAuth    int
	unknown    map[string]int // methods the fake does not know
	hangLimit  time.Duration
}

func startFakeSlack(token, staffChannel string) (*fakeSlack, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	f := &fakeSlack{token: token, staffChannel: staffChannel, url: "http://" + ln.Addr().String(),
		views: map[string]openedView{}, cards: map[string]*card{}, locales: map[string]string{},
		unknown: map[string]int{}, hangLimit: 20 * time.Second}
	f.srv = &http.Server{Handler: http.HandlerFunc(f.serve), ReadHeaderTimeout: 5 * time.Second}
	go f.srv.Serve(ln)
	return f, nil
}

// apiURL is SLACK_API_URL for one instance.
func (f *fakeSlack) apiURL(instance string) string { return f.url + "/" + instance + "/api" }

func (f *fakeSlack) close() { f.srv.Close() }

// setFault makes the fake misbehave until the next setFault.
func (f *fakeSlack) setFault(m fault, retryAfter int) {
	f.mu.Lock()
	f.fault, f.retryAfter = m, retryAfter
	f.mu.Unlock()
}

func (f *fakeSlack) serve(w http.ResponseWriter, r *http.Request) {
	instance, method, ok := splitPath(r.URL.Path)
	if !ok {
		http.NotFound(w, r)
		return
	}
	params, token := readParams(r)
	f.mu.Lock()
	mode, retryAfter := f.fault, f.retryAfter
	if token != f.token {
		mode = faultRefused
		f.badAuth++
	}
	f.mu.Unlock()
	c := slackCall{Method: method, Instance: instance, Params: params, Fault: mode, At: time.Now()}
	switch mode {
	case faultRefused:
		f.record(c)
		writeJSON(w, map[string]any{"ok": false, "error": "invalid_auth"})
		return
	case fault500:
		f.record(c)
		w.WriteHeader(http.StatusInternalServerError)
		io.WriteString(w, "<html>Slack is having trouble</html>")
		return
	case fault429:
		f.record(c)
		w.Header().Set("Retry-After", strconv.Itoa(retryAfter))
		w.WriteHeader(http.StatusTooManyRequests)
		return
	case faultSlackErr:
		f.record(c)
		writeJSON(w, map[string]any{"ok": false, "error": "internal_error"})
		return
	case faultHang:
		// Slack never got round to it: nothing is done, and the caller
		// gives up (or we answer 503 after hangLimit).
		select {
		case <-r.Context().Done():
		case <-time.After(f.hangLimit):
			w.WriteHeader(http.StatusServiceUnavailable)
		}
		f.record(c)
		return
	case faultSlow:
		select {
		case <-r.Context().Done():
			f.record(c) // gone before Slack did anything
			return
		case <-time.After(time.Duration(2000+rand.IntN(4000)) * time.Millisecond):
		}
	}
	c.Processed = true
	writeJSON(w, f.process(c))
}

func splitPath(p string) (instance, method string, ok bool) {
	parts := strings.Split(strings.Trim(p, "/"), "/")
	if len(parts) != 3 || parts[1] != "api" {
		return "", "", false
	}
	return parts[0], parts[2], true
}

func (f *fakeSlack) record(c slackCall) {
	f.mu.Lock()
	f.calls = append(f.calls, c)
	f.mu.Unlock()
}

// process does what the call asks and returns Slack's answer.
func (f *fakeSlack) process(c slackCall) map[string]any {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.seq++
	ts := fmt.Sprintf("1764237600.%06d", f.seq)
	p := c.Params
	var answer map[string]any
	switch c.Method {
	case "chat.postMessage":
		c.TS = ts
		if str(p, "channel") == f.staffChannel {
			f.cards[ts] = &card{TS: ts}
			f.cards[ts].update(p)
		}
		answer = map[string]any{"ok": true, "channel": p["channel"], "ts": ts,
			"message": map[string]any{"type": "message", "text": p["text"], "ts": ts}}
	case "chat.update":
		if k := f.cards[str(p, "ts")]; k != nil && str(p, "channel") == f.staffChannel {
			k.update(p)
			answer = map[string]any{"ok": true, "channel": p["channel"], "ts": p["ts"], "text": p["text"]}
		} else {
			answer = map[string]any{"ok": false, "error": "message_not_found"}
			c.Processed = false
		}
	case "chat.postEphemeral":
		answer = map[string]any{"ok": true, "message_ts": ts}
	case "views.open":
		id := fmt.Sprintf("V%08d", f.seq)
		view, _ := p["view"].(map[string]any)
		f.views[str(p, "trigger_id")] = openedView{ID: id, View: view}
		answer = map[string]any{"ok": true, "view": map[string]any{"id": id, "hash": ts}}
	case "views.publish", "views.update", "views.push":
		answer = map[string]any{"ok": true, "view": map[string]any{"id": fmt.Sprintf("V%08d", f.seq), "hash": ts}}
	case "users.info":
		locale := "da-DK"
		if f.seq%3 == 0 {
			locale = "en-US"
		}
		answer = map[string]any{"ok": true, "user": map[string]any{"id": p["user"], "locale": locale}}
	default:
		f.unknown[c.Method]++
		answer = map[string]any{"ok": false, "error": "unknown_method"}
		c.Processed = false
	}
	f.calls = append(f.calls, c)
	return answer
}

// update keeps a card's latest text and buttons.
func (k *card) update(p map[string]any) {
	k.Text, k.Buttons = str(p, "text"), nil
	k.Versions++
	blocks, _ := p["blocks"].([]any)
	for _, b := range blocks {
		bm, _ := b.(map[string]any)
		if bm["type"] != "actions" {
			continue
		}
		if id, ok := strings.CutPrefix(str(bm, "block_id"), "referral:"); ok {
			k.ReferralID, _ = strconv.ParseInt(id, 10, 64)
		}
		els, _ := bm["elements"].([]any)
		for _, e := range els {
			em, _ := e.(map[string]any)
			if em["type"] == "button" {
				k.Buttons = append(k.Buttons, button{ActionID: str(em, "action_id"), Value: str(em, "value")})
			}
		}
	}
}

// waitView waits for the modal a trigger id opened.
func (f *fakeSlack) waitView(trigger string, limit time.Duration) (openedView, bool) {
	for deadline := time.Now().Add(limit); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		f.mu.Lock()
		v, ok := f.views[trigger]
		f.mu.Unlock()
		if ok {
			return v, true
		}
	}
	return openedView{}, false
}

// openCards lists cards that still have buttons.
func (f *fakeSlack) openCards() []card {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []card
	for _, k := range f.cards {
		if len(k.Buttons) > 0 && k.ReferralID != 0 {
			c := *k
			c.Buttons = append([]button(nil), k.Buttons...)
			out = append(out, c)
		}
	}
	return out
}

// snapshot copies what the fake has seen, for the checks.
func (f *fakeSlack) snapshot() (calls []slackCall, cards map[string]card) {
	f.mu.Lock()
	defer f.mu.Unlock()
	cards = map[string]card{}
	for ts, k := range f.cards {
		cards[ts] = *k
	}
	return append([]slackCall(nil), f.calls...), cards
}

// readParams decodes a form or JSON body, with Block Kit and views given
// as JSON strings decoded, and returns the token it was called with.
func readParams(r *http.Request) (map[string]any, string) {
	body, _ := io.ReadAll(r.Body)
	out := map[string]any{}
	token := strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer ")
	if ct, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); ct == "application/json" {
		json.Unmarshal(body, &out)
		return out, token
	}
	form, _ := url.ParseQuery(string(body))
	for k, v := range form {
		if k == "token" {
			token = v[0]
			continue
		}
		var decoded any
		if (k == "blocks" || k == "view" || k == "attachments") && json.Unmarshal([]byte(v[0]), &decoded) == nil {
			out[k] = decoded
			continue
		}
		out[k] = v[0]
	}
	return out, token
}

func str(m map[string]any, key string) string { s, _ := m[key].(string); return s }

func writeJSON(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(v)
}
