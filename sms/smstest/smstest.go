// Package smstest is a fake GatewayAPI for tests: a local HTTP server that
// checks the token, records every message it accepts, can be down for a
// window of (fake) time, can hold senders to a request rate (429 Too Many
// Requests with a Retry-After above it), can take its time to answer and
// refuse connections beyond a limit (GatewayAPI's documented 40 open
// connections per IP address), and can call the service's webhooks the
// way the gateway does.
package smstest

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"strconv"
	"sync"
	"time"

	"github.com/beboerprojekt-nordvest/tilmeld/sms"
)

// Token is the API token the fake accepts unless told otherwise.
const Token = "test-gatewayapi-token"

// Message is one message the fake accepted.
type Message struct {
	ID       uint64
	Sender   string
	To       string // E.164
	Text     string
	Encoding string // "" (GSM) or UCS2, as the client asked
	UserRef  string
	At       time.Time // on the fake's clock
}

// Server is the fake gateway. Its zero value is not usable; call New.
type Server struct {
	*httptest.Server
	// Now is the fake's clock, used for failure windows; time.Now unless
	// set before the first request.
	Now func() time.Time

	mu       sync.Mutex
	token    string
	msgs     []Message
	nextID   uint64
	down     []window
	attempts int
	arrived  chan struct{}
	// The rate limit: at most rateN requests accepted in any window of
	// ratePer; recent holds the times of those accepted within it.
	rateN   int
	ratePer time.Duration
	recent  []time.Time
	limited int
	// latency is how long each message request takes to answer.
	latency time.Duration
	// The connection limit: connLimit open connections at most (0: no
	// limit); open counts them now, mostOpen at most, refused those
	// closed unanswered for being one too many.
	connMu    sync.Mutex
	connLimit int
	open      map[net.Conn]bool
	mostOpen  int
	refused   int
}

type window struct{ from, to time.Time }

// New starts a fake gateway; it is closed when the test ends.
func New(t interface{ Cleanup(func()) }) *Server {
	s := &Server{Now: time.Now, token: Token, nextID: 1000, arrived: make(chan struct{}, 1)}
	s.Server = httptest.NewUnstartedServer(http.HandlerFunc(s.serve))
	s.Config.ConnState = s.connState
	s.Start()
	t.Cleanup(s.Close)
	return s
}

// FailBetween makes the gateway answer 503 to every message sent while
// its clock is in [from, to).
func (s *Server) FailBetween(from, to time.Time) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.down = append(s.down, window{from, to})
}

// LimitRate makes the gateway accept at most n requests in any window of
// length per on its clock, answering the rest 429 Too Many Requests with
// a Retry-After in whole seconds (at least 1), as a gateway that enforces
// a request rate does. n = 0 lifts the limit.
func (s *Server) LimitRate(n int, per time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.rateN, s.ratePer, s.recent = n, per, nil
}

// SetLatency makes every message request take d (wall-clock time) before
// the fake looks at it, as a gateway across the internet does; requests
// wait side by side, not one after another.
func (s *Server) SetLatency(d time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.latency = d
}

// LimitConnections makes the fake hold at most n connections open at
// once, as GatewayAPI says it does ("a limit of 40 open connections per
// IP address ... our web server will reject your requests"): one beyond
// that is closed before it is read, and counted (Connections). n = 0
// lifts the limit.
func (s *Server) LimitConnections(n int) {
	s.connMu.Lock()
	defer s.connMu.Unlock()
	s.connLimit = n
}

// Connections reports the most connections that were open at once, and
// how many were refused for being beyond the limit.
func (s *Server) Connections() (most, refused int) {
	s.connMu.Lock()
	defer s.connMu.Unlock()
	return s.mostOpen, s.refused
}

func (s *Server) connState(c net.Conn, st http.ConnState) {
	s.connMu.Lock()
	defer s.connMu.Unlock()
	switch st {
	case http.StateNew:
		if s.connLimit > 0 && len(s.open) >= s.connLimit {
			s.refused++
			c.Close()
			return
		}
		if s.open == nil {
			s.open = map[net.Conn]bool{}
		}
		s.open[c] = true
		s.mostOpen = max(s.mostOpen, len(s.open))
	case http.StateClosed, http.StateHijacked:
		delete(s.open, c)
	}
}

// Limited counts the requests refused with 429.
func (s *Server) Limited() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.limited
}

// overRate reports whether a request now would exceed the rate limit,
// and if so after how many whole seconds one would not; otherwise it
// counts the request. The caller holds s.mu.
func (s *Server) overRate(now time.Time) (bool, int) {
	if s.rateN == 0 {
		return false, 0
	}
	i := 0
	for i < len(s.recent) && !s.recent[i].After(now.Add(-s.ratePer)) {
		i++
	}
	s.recent = s.recent[i:]
	if len(s.recent) >= s.rateN {
		wait := s.recent[0].Add(s.ratePer).Sub(now)
		return true, max(1, int((wait+time.Second-1)/time.Second))
	}
	s.recent = append(s.recent, now)
	return false, 0
}

func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost || r.URL.Path != "/rest/mtsms" {
		http.NotFound(w, r)
		return
	}
	s.mu.Lock()
	latency := s.latency
	s.mu.Unlock()
	time.Sleep(latency)
	s.mu.Lock()
	defer s.mu.Unlock()
	s.attempts++
	if r.Header.Get("Authorization") != "Token "+s.token {
		w.WriteHeader(http.StatusUnauthorized)
		fmt.Fprint(w, `{"code":"0x0213","message":"Unauthorized"}`)
		return
	}
	now := s.Now()
	for _, d := range s.down {
		if !now.Before(d.from) && now.Before(d.to) {
			w.WriteHeader(http.StatusServiceUnavailable)
			return
		}
	}
	if over, after := s.overRate(now); over {
		s.limited++
		w.Header().Set("Retry-After", strconv.Itoa(after))
		w.WriteHeader(http.StatusTooManyRequests)
		return
	}
	var body struct {
		Sender     string `json:"sender"`
		Message    string `json:"message"`
		Recipients []struct {
			MSISDN uint64 `json:"msisdn"`
		} `json:"recipients"`
		Encoding string `json:"encoding"`
		UserRef  string `json:"userref"`
	}
	if err := json.NewDecoder(r.Body).Decode(&body); err != nil || len(body.Recipients) == 0 || body.Message == "" {
		w.WriteHeader(http.StatusBadRequest)
		fmt.Fprint(w, `{"code":"0x0201","message":"Invalid request"}`)
		return
	}
	var ids []uint64
	for _, rc := range body.Recipients {
		s.nextID++
		ids = append(ids, s.nextID)
		s.msgs = append(s.msgs, Message{ID: s.nextID, Sender: body.Sender, To: "+" + strconv.FormatUint(rc.MSISDN, 10),
			Text: body.Message, Encoding: body.Encoding, UserRef: body.UserRef, At: now})
	}
	select {
	case s.arrived <- struct{}{}:
	default:
	}
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(map[string]any{"ids": ids, "usage": map[string]any{"total_cost": 0}})
}

// Messages returns a copy of every message accepted so far, in order.
func (s *Server) Messages() []Message {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Message(nil), s.msgs...)
}

// Attempts counts every POST to /rest/mtsms, accepted or not.
func (s *Server) Attempts() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.attempts
}

// To returns the messages accepted for one number.
func (s *Server) To(number string) []Message {
	var out []Message
	for _, m := range s.Messages() {
		if m.To == number {
			out = append(out, m)
		}
	}
	return out
}

// WaitFor waits until at least n messages have been accepted, or the
// timeout passes, and returns what has arrived.
func (s *Server) WaitFor(n int, timeout time.Duration) []Message {
	deadline := time.After(timeout)
	for {
		if msgs := s.Messages(); len(msgs) >= n {
			return msgs
		}
		select {
		case <-s.arrived:
		case <-deadline:
			return s.Messages()
		case <-time.After(20 * time.Millisecond):
		}
	}
}

// ReportStatus posts a delivery-status webhook for an accepted message to
// url, signed with secret, and returns the HTTP status the service gave.
func (s *Server) ReportStatus(ctx context.Context, url, secret string, m Message, status string) (int, error) {
	msisdn, _ := strconv.ParseUint(m.To[1:], 10, 64)
	return post(ctx, url, secret, sms.StatusReport{ID: m.ID, MSISDN: msisdn, Time: s.Now().Unix(), Status: status, UserRef: m.UserRef})
}

// Reply posts an inbound (MO) message webhook, as if the phone from
// (E.164) had written text, and returns the HTTP status the service gave.
func (s *Server) Reply(ctx context.Context, url, secret, from, text string) (int, error) {
	msisdn, err := strconv.ParseUint(from[1:], 10, 64)
	if err != nil {
		return 0, fmt.Errorf("smstest: %q is not E.164", from)
	}
	s.mu.Lock()
	s.nextID++
	id := s.nextID
	s.mu.Unlock()
	return post(ctx, url, secret, sms.Inbound{ID: id, MSISDN: msisdn, Receiver: 4512345678, Message: text, SentTime: s.Now().Unix()})
}

func post(ctx context.Context, url, secret string, v any) (int, error) {
	b, _ := json.Marshal(v)
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, bytes.NewReader(b))
	if err != nil {
		return 0, err
	}
	req.Header.Set("Content-Type", "application/json")
	if secret != "" {
		req.Header.Set(sms.SignatureHeader, sms.Sign(v, secret))
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return 0, err
	}
	resp.Body.Close()
	return resp.StatusCode, nil
}
