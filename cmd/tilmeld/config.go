package main

import (
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/beboerprojekt-nordvest/tilmeld/domain"
	"github.com/beboerprojekt-nordvest/tilmeld/plans"
	"github.com/beboerprojekt-nordvest/tilmeld/sms"
	"github.com/beboerprojekt-nordvest/tilmeld/web"
)

// config is every setting, read from the environment once at start-up.
type config struct {
	Addr        string // TILMELD_ADDR
	BaseURL     string // TILMELD_BASE_URL
	DatabaseURL string // DATABASE_URL; empty: run a local Postgres
	DataDir     string // TILMELD_DATA_DIR
	PGPort      int    // TILMELD_PG_PORT
	LogLevel    slog.Level
	// TrustedProxies (TILMELD_TRUSTED_PROXIES, comma-separated addresses or
	// CIDR ranges) are the reverse proxies whose X-Forwarded-For is believed.
	TrustedProxies []string
	// SignupsPerMinute (TILMELD_SIGNUP_LIMIT) bounds sign-ups per client
	// address a minute; LoginsPerMinute (TILMELD_LOGIN_LIMIT) login attempts.
	SignupsPerMinute int
	LoginsPerMinute  int
	// FormMinAge (TILMELD_FORM_MIN_AGE, whole seconds) is how long a
	// sign-up form must have been open before it is sent.
	FormMinAge time.Duration
	PublicDir  string // TILMELD_PUBLIC_DIR
	// Plan is read from the file TILMELD_PLAN names, or is the embedded
	// Beboerprojekt Nordvest plan when it is unset.
	Plan  *domain.Plan
	Slack slackConfig // SLACK_*; see slack.go
	// Privacy is the data key and the privacy notice's settings
	// (TILMELD_DATA_KEY*, TILMELD_PRIVACY_*, TILMELD_RETENTION_DAYS); see
	// privacy_config.go.
	Privacy privacyConfig

	Digest digestConfig // TILMELD_DIGEST_AT, SLACK_PARTNER_CHANNELS; see digest_config.go
	SMS    sms.Config   // TILMELD_SMS*, GATEWAYAPI_*; see sms/config.go
}

func loadConfig(getenv func(string) string) (config, error) {
	c := config{
		Addr:        withDefault(getenv("TILMELD_ADDR"), ":8080"),
		BaseURL:     strings.TrimRight(getenv("TILMELD_BASE_URL"), "/"),
		DatabaseURL: getenv("DATABASE_URL"),
		DataDir:     withDefault(getenv("TILMELD_DATA_DIR"), "data"),
		PublicDir:   getenv("TILMELD_PUBLIC_DIR"),
		PGPort:      55432,
	}
	if c.BaseURL == "" {
		c.BaseURL = "http://localhost" + portOf(c.Addr)
	}
	if u, err := url.Parse(c.BaseURL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return c, fmt.Errorf("TILMELD_BASE_URL must be an http or https address such as https://tilmeld.example.dk, not %q", c.BaseURL)
	}
	if p := getenv("TILMELD_PG_PORT"); p != "" {
		n, err := strconv.Atoi(p)
		if err != nil || n < 1 || n > 65535 {
			return c, fmt.Errorf("TILMELD_PG_PORT must be a port number, not %q", p)
		}
		c.PGPort = n
	}
	if lvl := getenv("TILMELD_LOG_LEVEL"); lvl != "" {
		if err := c.LogLevel.UnmarshalText([]byte(lvl)); err != nil {
			return c, fmt.Errorf("TILMELD_LOG_LEVEL must be debug, info, warn or error, not %q", lvl)
		}
	}
	for _, p := range strings.Split(getenv("TILMELD_TRUSTED_PROXIES"), ",") {
		p = strings.TrimSpace(p)
		if p == "" {
			continue
		}
		if _, _, err := net.ParseCIDR(p); err != nil && net.ParseIP(p) == nil {
			return c, fmt.Errorf("TILMELD_TRUSTED_PROXIES must list IP addresses or CIDR ranges, separated by commas, not %q", p)
		}
		c.TrustedProxies = append(c.TrustedProxies, p)
	}
	var err error
	if c.SignupsPerMinute, err = intFromEnv(getenv, "TILMELD_SIGNUP_LIMIT", 60); err != nil {
		return c, err
	}
	if c.LoginsPerMinute, err = intFromEnv(getenv, "TILMELD_LOGIN_LIMIT", 30); err != nil {
		return c, err
	}
	minAge, err := intFromEnv(getenv, "TILMELD_FORM_MIN_AGE", int(web.DefaultFormMinAge.Seconds()))
	if err != nil {
		return c, err
	}
	c.FormMinAge = time.Duration(minAge) * time.Second
	slackCfg, err := loadSlackConfig(getenv)
	if err != nil {
		return c, err
	}
	c.Slack = slackCfg
	if c.Privacy, err = loadPrivacyConfig(getenv); err != nil {
		return c, err
	}
	if c.Plan, err = plans.Load(getenv("TILMELD_PLAN")); err != nil {
		return c, fmt.Errorf("TILMELD_PLAN: %w", err)
	}
	if c.Digest, err = loadDigestConfig(getenv, c.Plan); err != nil {
		return c, err
	}
	if c.SMS, err = sms.LoadConfig(getenv); err != nil {
		return c, err
	}
	if err := checkSMSLinks(c); err != nil {
		return c, err
	}
	return c, nil
}

// intFromEnv reads a whole number >= 0, or def when the variable is unset.
func intFromEnv(getenv func(string) string, name string, def int) (int, error) {
	v := getenv(name)
	if v == "" {
		return def, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 0 {
		return 0, fmt.Errorf("%s must be a whole number, 0 or more, not %q", name, v)
	}
	return n, nil
}

func withDefault(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

func portOf(addr string) string {
	if i := strings.LastIndex(addr, ":"); i >= 0 {
		return addr[i:]
	}
	return ""
}

// newLogger sets up structured JSON logs once. Log lines never carry a
// resident's name, phone number or answers.
func newLogger(w io.Writer, level slog.Level) *slog.Logger {
	return slog.New(slog.NewJSONHandler(w, &slog.HandlerOptions{Level: level}))
}
