package bot

import (
	"encoding/json"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// call is one request the fake Slack received: its method, its arguments
// (form or JSON, with Block Kit strings decoded and the token dropped), the
// status it answered and when.
type call struct {
	Method string // Web API method, or hookMethod for a response_url
	Path   string
	Params map[string]any
	Status int
	At     time.Time
	TS     string // the ts a successful chat.postMessage answered with
	// Refused is the Block Kit limit Slack would refuse the call for
	// (see checkLimits), "" when it was accepted.
	Refused string
}

// JSON is the call's arguments as indented JSON with sorted keys.
func (c call) JSON() string {
	var b strings.Builder
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	enc.Encode(c.Params)
	return b.String()
}

func (c call) str(key string) string { s, _ := c.Params[key].(string); return s }

// fakeSlack is an httptest server answering like Slack's Web API and
// recording every call. slack-go's slacktest has no views.* and does not
// record chat.postMessage, so this is the honest fake.
type fakeSlack struct {
	srv *httptest.Server

	mu      sync.Mutex
	calls   []call
	seq     int
	locales map[string]string   // users.info answers, by user id
	members map[string][]string // conversations.members answers, by channel
	// fail, when set, may answer a call with an error status (and a
	// Retry-After for 429) instead of success, or with dropConnection.
	fail func(method string, n int) (status int, retryAfter string)
}

// dropConnection, as fail's status, closes the connection without an
// answer, as a Slack that cannot be reached does.
const dropConnection = -1

func newFakeSlack(t *testing.T) *fakeSlack {
	f := &fakeSlack{locales: map[string]string{}, members: map[string][]string{staffChan: {"U0OTHER", staffUser}}}
	f.srv = httptest.NewServer(http.HandlerFunc(f.serve))
	t.Cleanup(f.srv.Close)
	t.Cleanup(func() {
		// Whatever the test checks, nothing it sent may be something
		// Slack would refuse.
		for _, c := range f.Calls("") {
			if c.Refused != "" {
				t.Errorf("Slack would refuse this %s: %s", c.Method, c.Refused)
			}
		}
	})
	return f
}

// URL is the Web API base, as SLACK_API_URL would be.
func (f *fakeSlack) URL() string { return f.srv.URL + "/api" }

// hookMethod names the calls made to a response_url, which Slack puts in
// interaction payloads and serves from its hooks host, not the Web API.
const hookMethod = "response_url"

// HookURL is a response_url on the fake, for the given path.
func (f *fakeSlack) HookURL(path string) string { return f.srv.URL + "/hooks" + path }

func (f *fakeSlack) serve(w http.ResponseWriter, r *http.Request) {
	method := strings.TrimPrefix(r.URL.Path, "/api/")
	if strings.HasPrefix(r.URL.Path, "/hooks/") {
		method = hookMethod
	}
	params := readParams(r)
	f.mu.Lock()
	n := len(f.calls)
	status, retryAfter := http.StatusOK, ""
	if f.fail != nil {
		if s, ra := f.fail(method, n); s != 0 {
			status, retryAfter = s, ra
		}
	}
	f.seq++
	seq := f.seq
	refused := ""
	if err := checkLimits(method, params); err != nil {
		refused = err.Error()
	}
	f.calls = append(f.calls, call{Method: method, Path: r.URL.Path, Params: params, Status: status, At: time.Now(), TS: fakeTS(seq), Refused: refused})
	locale := f.locales[fmt.Sprint(params["user"])]
	members := f.members[fmt.Sprint(params["channel"])]
	f.mu.Unlock()
	if status == dropConnection {
		if conn, _, err := http.NewResponseController(w).Hijack(); err == nil {
			conn.Close()
			return
		}
	}
	if status != http.StatusOK {
		if retryAfter != "" {
			w.Header().Set("Retry-After", retryAfter)
		}
		w.WriteHeader(status)
		io.WriteString(w, "<html>Slack is having trouble</html>")
		return
	}
	w.Header().Set("Content-Type", "application/json")
	if refused != "" {
		json.NewEncoder(w).Encode(map[string]any{"ok": false, "error": "invalid_arguments",
			"response_metadata": map[string]any{"messages": []string{refused}}})
		return
	}
	json.NewEncoder(w).Encode(answer(method, params, seq, locale, members))
}

// answer is what Slack's Web API says to a successful call.
func answer(method string, p map[string]any, seq int, locale string, members []string) map[string]any {
	ts := fakeTS(seq)
	switch method {
	case "chat.postMessage":
		return map[string]any{"ok": true, "channel": p["channel"], "ts": ts,
			"message": map[string]any{"type": "message", "text": p["text"], "ts": ts}}
	case "chat.update":
		return map[string]any{"ok": true, "channel": p["channel"], "ts": p["ts"], "text": p["text"]}
	case "chat.postEphemeral":
		return map[string]any{"ok": true, "message_ts": ts}
	case "views.open", "views.publish", "views.update", "views.push":
		return map[string]any{"ok": true, "view": map[string]any{"id": fmt.Sprintf("V%06d", seq), "hash": ts}}
	case hookMethod:
		return map[string]any{"ok": true}
	case "conversations.members":
		return membersPage(p, members)
	case "users.info":
		return map[string]any{"ok": true, "user": map[string]any{"id": p["user"], "locale": locale}}
	}
	return map[string]any{"ok": false, "error": "unknown_method"}
}

// membersPage answers conversations.members one page at a time, two
// members a page, so a caller that ignores next_cursor misses someone.
func membersPage(p map[string]any, members []string) map[string]any {
	from, _ := strconv.Atoi(fmt.Sprint(p["cursor"]))
	to := min(from+2, len(members))
	next := ""
	if to < len(members) {
		next = strconv.Itoa(to)
	}
	return map[string]any{"ok": true, "members": members[min(from, to):to],
		"response_metadata": map[string]any{"next_cursor": next}}
}

// SetMembers says who is in a channel from now on.
func (f *fakeSlack) SetMembers(channel string, users ...string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.members[channel] = users
}

func fakeTS(seq int) string { return fmt.Sprintf("1764237600.%06d", seq) }

// readParams decodes a form or JSON body. Slack takes Block Kit as JSON
// strings inside forms; those are decoded too, so calls compare by meaning.
func readParams(r *http.Request) map[string]any {
	body, _ := io.ReadAll(r.Body)
	out := map[string]any{}
	if ct, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); ct == "application/json" {
		json.Unmarshal(body, &out)
		return out
	}
	form, _ := url.ParseQuery(string(body))
	for k, v := range form {
		if k == "token" {
			continue
		}
		var decoded any
		if (k == "blocks" || k == "view" || k == "attachments") && json.Unmarshal([]byte(v[0]), &decoded) == nil {
			out[k] = decoded
			continue
		}
		out[k] = v[0]
	}
	return out
}

// Calls returns the calls of one method (all, if method is "").
func (f *fakeSlack) Calls(method string) []call {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []call
	for _, c := range f.calls {
		if method == "" || c.Method == method {
			out = append(out, c)
		}
	}
	return out
}

// Delivered returns the calls of one method that Slack accepted.
func (f *fakeSlack) Delivered(method string) []call {
	var out []call
	for _, c := range f.Calls(method) {
		if c.Status == http.StatusOK && c.Refused == "" {
			out = append(out, c)
		}
	}
	return out
}

// Everything is every call's arguments as one text, to search for what
// must never reach Slack.
func (f *fakeSlack) Everything() string {
	var b strings.Builder
	for _, c := range f.Calls("") {
		b.WriteString(c.JSON())
		b.WriteByte('\n')
	}
	return b.String()
}
