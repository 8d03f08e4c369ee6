package main

import (
	"context"
	"encoding/hex"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/beboerprojekt-nordvest/tilmeld/bot"
	"github.com/beboerprojekt-nordvest/tilmeld/locales"
	"github.com/beboerprojekt-nordvest/tilmeld/plans"
	"github.com/beboerprojekt-nordvest/tilmeld/queue"
	"github.com/beboerprojekt-nordvest/tilmeld/store/storetest"
)

func env(m map[string]string) func(string) string { return func(k string) string { return m[k] } }

func TestSlackConfig(t *testing.T) {
	full := map[string]string{"SLACK_SIGNING_SECRET": "s3cret", "SLACK_BOT_TOKEN": "xoxb-1-2-abc", "SLACK_STAFF_CHANNEL": "C0123456789"}
	cases := []struct {
		name    string
		edit    map[string]string
		enabled bool
		errHas  string
	}{
		{"nothing set: no Slack app", map[string]string{"SLACK_SIGNING_SECRET": "", "SLACK_BOT_TOKEN": "", "SLACK_STAFF_CHANNEL": ""}, false, ""},
		{"all set", nil, true, ""},
		{"one missing", map[string]string{"SLACK_STAFF_CHANNEL": ""}, false, "SLACK_STAFF_CHANNEL is not set"},
		{"user token", map[string]string{"SLACK_BOT_TOKEN": "xoxp-123"}, false, "xoxb-"},
		{"channel name", map[string]string{"SLACK_STAFF_CHANNEL": "#henvisninger"}, false, "channel id"},
		{"bad API URL", map[string]string{"SLACK_API_URL": "slack.com"}, false, "SLACK_API_URL"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			m := map[string]string{}
			for k, v := range full {
				m[k] = v
			}
			for k, v := range c.edit {
				m[k] = v
			}
			sc, err := loadSlackConfig(env(m))
			if c.errHas != "" {
				if err == nil || !strings.Contains(err.Error(), c.errHas) {
					t.Fatalf("err = %v, want one mentioning %q", err, c.errHas)
				}
				if strings.Contains(err.Error(), "xoxp-123") || strings.Contains(err.Error(), "s3cret") {
					t.Fatalf("error prints a secret: %v", err)
				}
				return
			}
			if err != nil || sc.Enabled() != c.enabled {
				t.Fatalf("config %+v, %v", sc, err)
			}
			if c.enabled && sc.APIURL != DefaultSlackAPIURL {
				t.Fatalf("API URL %q", sc.APIURL)
			}
		})
	}
}

func TestSlackPathsAnswer404WithoutSlack(t *testing.T) {
	web := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, "web") })
	h, stop, err := withSlack(context.Background(), config{}, nil, nil, slog.New(slog.NewTextHandler(io.Discard, nil)), web, &queue.Jobs{})
	if err != nil {
		t.Fatal(err)
	}
	defer stop()
	for path, want := range map[string]int{"/slack/commands": 404, "/slack/events": 404, "/": 200, "/a/mamamove": 200} {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest(http.MethodPost, path, nil))
		if rec.Code != want {
			t.Errorf("%s answered %d, want %d", path, rec.Code, want)
		}
	}
}

func TestSlackPathsGoToTheAppWhenConfigured(t *testing.T) {
	st := storetest.New(t)
	bundle, err := locales.Bundle()
	if err != nil {
		t.Fatal(err)
	}
	plan, err := plans.Default()
	if err != nil {
		t.Fatal(err)
	}
	cfg := config{BaseURL: "https://tilmeld.example.dk", Plan: plan, Slack: slackConfig{SigningSecret: "s3cret",
		BotToken: "xoxb-1", StaffChannel: "C0123456789", APIURL: "http://127.0.0.1:1"}}
	web := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, "web") })
	h, stop, err := withSlack(context.Background(), cfg, st, bundle, slog.New(slog.NewTextHandler(io.Discard, nil)), web, &queue.Jobs{})
	if err != nil {
		t.Fatal(err)
	}
	defer stop()
	body := `{"token":"x","challenge":"c-123","type":"url_verification"}`
	req := httptest.NewRequest(http.MethodPost, "/slack/events", strings.NewReader(body))
	ts := strconv.FormatInt(time.Now().Unix(), 10)
	req.Header.Set("X-Slack-Request-Timestamp", ts)
	req.Header.Set("X-Slack-Signature", "v0="+hex.EncodeToString(bot.Sign("s3cret", ts, []byte(body))))
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	if rec.Code != 200 || !strings.Contains(rec.Body.String(), "c-123") {
		t.Fatalf("url_verification: %d %q", rec.Code, rec.Body.String())
	}
	rec = httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/", nil))
	if rec.Body.String() != "web" {
		t.Fatalf("/ went to %q", rec.Body.String())
	}
}
