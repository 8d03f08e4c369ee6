package sms

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// DefaultGatewayAPIURL is GatewayAPI's REST API; accounts on its EU
// platform use https://gatewayapi.eu instead.
const DefaultGatewayAPIURL = "https://gatewayapi.com"

// GatewayAPI sends through GatewayAPI's REST API: one POST to /rest/mtsms
// a message, authorised by an API token.
type GatewayAPI struct {
	URL    string // e.g. DefaultGatewayAPIURL; tests point it at smstest
	Token  string
	Sender string // what the phone shows as the sender, at most 11 characters
	Client *http.Client
}

// NewClient is the HTTP client for a gateway that conns workers send
// through at once: it never opens more than conns connections to it
// (GatewayAPI refuses more than MaxConnections from one address) and keeps
// them all open between messages, where Go's default client keeps two
// and would open and close the rest, with a TLS handshake, every message.
func NewClient(conns int) *http.Client {
	t := http.DefaultTransport.(*http.Transport).Clone()
	t.MaxConnsPerHost = conns
	t.MaxIdleConnsPerHost = conns
	return &http.Client{Timeout: 20 * time.Second, Transport: t}
}

// mtsms is the body of POST /rest/mtsms.
type mtsms struct {
	Sender     string      `json:"sender"`
	Message    string      `json:"message"`
	Recipients []recipient `json:"recipients"`
	Encoding   string      `json:"encoding,omitempty"`
	UserRef    string      `json:"userref,omitempty"`
}

type recipient struct {
	MSISDN uint64 `json:"msisdn"`
}

type mtsmsAnswer struct {
	IDs   []uint64 `json:"ids"`
	Usage struct {
		TotalCost float64 `json:"total_cost"`
		Countries map[string]int
	} `json:"usage"`
}

// Send posts one message. A 4xx answer (a bad token, a refused number or
// text) is permanent; a 5xx, a 429 or no answer at all may pass. A 429
// is a RateLimited error carrying the answer's Retry-After.
func (g GatewayAPI) Send(ctx context.Context, m Message) (Result, error) {
	msisdn, err := strconv.ParseUint(strings.TrimPrefix(m.To, "+"), 10, 64)
	if err != nil || !strings.HasPrefix(m.To, "+") {
		return Result{}, fmt.Errorf("gatewayapi: recipient is not an E.164 number: %w", ErrPermanent)
	}
	seg := Count(m.Text)
	body := mtsms{Sender: g.Sender, Message: m.Text, Recipients: []recipient{{msisdn}}, UserRef: m.Ref}
	if seg.Encoding == UCS2 {
		body.Encoding = "UCS2"
	}
	b, err := json.Marshal(body)
	if err != nil {
		return Result{}, fmt.Errorf("gatewayapi: %w", err)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, strings.TrimRight(g.URL, "/")+"/rest/mtsms", bytes.NewReader(b))
	if err != nil {
		return Result{}, fmt.Errorf("gatewayapi: %w", err)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "application/json")
	req.Header.Set("Authorization", "Token "+g.Token)
	client := g.Client
	if client == nil {
		client = http.DefaultClient
	}
	resp, err := client.Do(req)
	if err != nil {
		// The text and number stay out of the error: it is logged.
		return Result{}, fmt.Errorf("gatewayapi: no answer: %w", stripURL(err))
	}
	defer resp.Body.Close()
	answer, _ := io.ReadAll(io.LimitReader(resp.Body, 64<<10))
	switch {
	case resp.StatusCode == http.StatusTooManyRequests:
		return Result{}, fmt.Errorf("gatewayapi: HTTP 429: %w", RateLimited{After: retryAfter(resp.Header.Get("Retry-After"), time.Now())})
	case resp.StatusCode >= 500:
		return Result{}, fmt.Errorf("gatewayapi: HTTP %d", resp.StatusCode)
	case resp.StatusCode >= 400:
		return Result{}, fmt.Errorf("gatewayapi: HTTP %d %s: %w", resp.StatusCode, errorCode(answer), ErrPermanent)
	case resp.StatusCode >= 300:
		return Result{}, fmt.Errorf("gatewayapi: HTTP %d (a redirect: is GATEWAYAPI_URL right?): %w", resp.StatusCode, ErrPermanent)
	}
	var a mtsmsAnswer
	if err := json.Unmarshal(answer, &a); err != nil {
		// Accepted, but the answer is unreadable: sending again could
		// deliver it twice, so this counts as sent.
		return Result{Parts: seg.Parts}, nil
	}
	r := Result{Parts: seg.Parts}
	if len(a.IDs) > 0 {
		r.ID = strconv.FormatUint(a.IDs[0], 10)
	}
	return r, nil
}

// retryAfter reads a Retry-After header: seconds, or an HTTP date; 0 for
// none or one it cannot read.
func retryAfter(h string, now time.Time) time.Duration {
	h = strings.TrimSpace(h)
	if h == "" {
		return 0
	}
	if n, err := strconv.Atoi(h); err == nil {
		return max(0, time.Duration(n)*time.Second)
	}
	if t, err := http.ParseTime(h); err == nil {
		return max(0, t.Sub(now))
	}
	return 0
}

// errorCode picks GatewayAPI's error code out of a refusal, never its
// message, which may quote the text.
func errorCode(body []byte) string {
	var e struct {
		Code string `json:"code"`
	}
	if json.Unmarshal(body, &e) == nil && e.Code != "" {
		return "(code " + e.Code + ")"
	}
	return ""
}

// stripURL keeps a transport error's cause without the request URL.
func stripURL(err error) error {
	type unwrapper interface{ Unwrap() error }
	if u, ok := err.(unwrapper); ok && u.Unwrap() != nil {
		return u.Unwrap()
	}
	return err
}
