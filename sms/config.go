package sms

import (
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"unicode/utf8"
)

// The ways SMS can be set up (TILMELD_SMS).
const (
	ModeOff        = "off"
	ModeLog        = "log"
	ModeGatewayAPI = "gatewayapi"
)

// Config is the SMS settings, read from the environment.
type Config struct {
	Mode          string // TILMELD_SMS: gatewayapi, log or off (the default)
	Token         string // GATEWAYAPI_TOKEN
	URL           string // GATEWAYAPI_URL
	Sender        string // TILMELD_SMS_SENDER, at most 11 characters
	WebhookSecret string // TILMELD_SMS_WEBHOOK_SECRET
	// Contact (TILMELD_SMS_CONTACT, else TILMELD_PRIVACY_CONTACT) is the
	// phone number or e-mail every SMS ends with, so a resident can reach
	// a person; required when SMS is on.
	Contact string
	// Connections (TILMELD_SMS_CONNECTIONS) is how many messages an
	// instance has on their way to the gateway at once: one queue worker
	// and one HTTP connection each.
	Connections int
}

// GatewayAPI documents "a limit of 40 open connections per IP address":
// more and its web server refuses requests. Instances that share an
// outgoing address share the 40. DefaultConnections is the fewest that
// hand 10,000 reminders to a gateway answering in 100 ms within a minute
// on two cores (20 took 61 s, 24 took 53 s: BENCHMARKS.md).
const (
	MaxConnections     = 40
	DefaultConnections = 24
)

// DefaultSender is what phones show as the sender when none is set.
const DefaultSender = "Nordvest"

// LoadConfig reads and checks the SMS settings. Its errors name the
// variable to fix and never print a secret.
func LoadConfig(getenv func(string) string) (Config, error) {
	c := Config{
		Mode:          strings.ToLower(strings.TrimSpace(getenv("TILMELD_SMS"))),
		Token:         strings.TrimSpace(getenv("GATEWAYAPI_TOKEN")),
		URL:           strings.TrimRight(strings.TrimSpace(getenv("GATEWAYAPI_URL")), "/"),
		Sender:        strings.TrimSpace(getenv("TILMELD_SMS_SENDER")),
		WebhookSecret: strings.TrimSpace(getenv("TILMELD_SMS_WEBHOOK_SECRET")),
		Contact:       strings.TrimSpace(getenv("TILMELD_SMS_CONTACT")),
	}
	if c.Mode == "" {
		c.Mode = ModeOff
	}
	if c.URL == "" {
		c.URL = DefaultGatewayAPIURL
	}
	if c.Sender == "" {
		c.Sender = DefaultSender
	}
	if c.Contact == "" {
		c.Contact = strings.TrimSpace(getenv("TILMELD_PRIVACY_CONTACT"))
	}
	c.Connections = DefaultConnections
	if v := strings.TrimSpace(getenv("TILMELD_SMS_CONNECTIONS")); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > MaxConnections {
			return c, fmt.Errorf("TILMELD_SMS_CONNECTIONS must be a whole number from 1 to %d (GatewayAPI refuses more than %d open connections per IP address), not %q", MaxConnections, MaxConnections, v)
		}
		c.Connections = n
	}
	switch c.Mode {
	case ModeOff:
		return c, nil
	case ModeLog, ModeGatewayAPI:
	default:
		return c, fmt.Errorf("TILMELD_SMS must be gatewayapi, log or off, not %q", c.Mode)
	}
	if n := utf8.RuneCountInString(c.Sender); n > 11 {
		return c, fmt.Errorf("TILMELD_SMS_SENDER must be at most 11 characters (phones show no more), not %d: %q", n, c.Sender)
	}
	for _, r := range c.Sender {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == ' ' || r == '-' || r == '.') {
			return c, fmt.Errorf("TILMELD_SMS_SENDER may hold only the letters A–Z, digits, spaces, - and . (many phones show nothing else), not %q", c.Sender)
		}
	}
	if c.Contact == "" {
		return c, fmt.Errorf("TILMELD_SMS is %s, so every message must name a contact: set TILMELD_SMS_CONTACT (or TILMELD_PRIVACY_CONTACT) to a phone number or e-mail address", c.Mode)
	}
	if c.Mode == ModeLog {
		return c, nil
	}
	if c.Token == "" {
		return c, fmt.Errorf("TILMELD_SMS is gatewayapi but GATEWAYAPI_TOKEN is not set (GatewayAPI: Settings → API keys)")
	}
	if c.WebhookSecret == "" {
		return c, fmt.Errorf("TILMELD_SMS is gatewayapi but TILMELD_SMS_WEBHOOK_SECRET is not set: the delivery and reply webhooks are checked with it")
	}
	if len(c.WebhookSecret) < 16 {
		return c, fmt.Errorf("TILMELD_SMS_WEBHOOK_SECRET must be at least 16 characters (e.g. from openssl rand -hex 16)")
	}
	if u, err := url.Parse(c.URL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return c, fmt.Errorf("GATEWAYAPI_URL must be an http or https address such as %s, not %q", DefaultGatewayAPIURL, c.URL)
	}
	return c, nil
}

// Enabled reports whether messages are sent (or, in log mode, logged).
func (c Config) Enabled() bool { return c.Mode == ModeLog || c.Mode == ModeGatewayAPI }

// NewSender makes the sender the settings ask for. A nil client is
// NewClient(c.Connections).
func (c Config) NewSender(log *slog.Logger, client *http.Client) Sender {
	if client == nil {
		client = NewClient(max(1, c.Connections))
	}
	switch c.Mode {
	case ModeGatewayAPI:
		return GatewayAPI{URL: c.URL, Token: c.Token, Sender: c.Sender, Client: client}
	case ModeLog:
		return Log{Logger: log}
	}
	return Off{}
}
