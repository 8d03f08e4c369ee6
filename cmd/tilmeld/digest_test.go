package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/beboerprojekt-nordvest/tilmeld/domain"
	"github.com/beboerprojekt-nordvest/tilmeld/store"
	"github.com/beboerprojekt-nordvest/tilmeld/store/storetest"
)

func TestDigestConfig(t *testing.T) {
	cases := []struct {
		name     string
		at, chs  string
		want     domain.DigestTime
		off      bool
		channels int
		errHas   string
	}{
		{"defaults: Monday 08:00, no partner channels", "", "", domain.DefaultDigestTime, false, 0, ""},
		{"another time", "tir 07:30", "", domain.DigestTime{Weekday: time.Tuesday, Hour: 7, Minute: 30}, false, 0, ""},
		{"off", "off", "", domain.DefaultDigestTime, true, 0, ""},
		{"two partners", "", "sof-familiehuset=C0FAM12345, buf-sundhedsplejen=G0SUND1234", domain.DefaultDigestTime, false, 2, ""},
		{"a bad time", "monday morning", "", domain.DigestTime{}, false, 0, "TILMELD_DIGEST_AT"},
		{"an unknown organisation", "", "familiehuset=C0FAM12345", domain.DigestTime{}, false, 0, "not a known organisation key"},
		{"a channel name", "", "sof-familiehuset=#familiehuset", domain.DigestTime{}, false, 0, "channel id"},
		{"no channel", "", "sof-familiehuset", domain.DigestTime{}, false, 0, "SLACK_PARTNER_CHANNELS"},
		{"twice", "", "kvuc=C0KVUC1234,kvuc=C0KVUC5678", domain.DigestTime{}, false, 0, "twice"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, err := loadDigestConfig(env(map[string]string{"TILMELD_DIGEST_AT": c.at, "SLACK_PARTNER_CHANNELS": c.chs}), defaultPlan(t))
			if c.errHas != "" {
				if err == nil || !strings.Contains(err.Error(), c.errHas) {
					t.Fatalf("err = %v, want one mentioning %q", err, c.errHas)
				}
				return
			}
			if err != nil || got.At != c.want || got.Off != c.off || len(got.PartnerChannels) != c.channels {
				t.Fatalf("config %+v, %v", got, err)
			}
		})
	}
}

// TestDigestCommandPrintsAWeek prints the sample week as staff see it
// and as Familiehuset's channel does, without Slack.
func TestDigestCommandPrintsAWeek(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	getenv, dbURL := staffEnv(t)
	st, err := store.Open(ctx, dbURL)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if err := st.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	loc, _ := time.LoadLocation("Europe/Copenhagen")
	storetest.NewSampleWeek(t, st, domain.Week{Year: 2026, Num: 47}, loc)
	var out bytes.Buffer
	if err := run(ctx, []string{"digest", "--week", "2026-W47"}, getenv, &out, io.Discard); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"Uge 47, 2026: sådan gik ugen", "Nye tilmeldinger:", "4 (+4 fra ugen før)",
		"Testaktivitet Uge: 4 nye · 2 af 3 pladser", "Familiehuset: 6 · 1", "https://tilmeld.example.dk/staff/summary?week=2026-W47"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("output lacks %q:\n%s", want, out.String())
		}
	}
	out.Reset()
	if err := run(ctx, []string{"digest", "--week", "2026-W47", "--org", "sof-familiehuset", "--lang", "en"}, getenv, &out, io.Discard); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "referrals from Familiehuset") || !strings.Contains(out.String(), "Enrolled:") ||
		!strings.Contains(out.String(), "<5") || strings.Contains(out.String(), "Testaktivitet") {
		t.Errorf("partner view:\n%s", out.String())
	}
	for _, args := range [][]string{{"digest", "--week", "2099-W01"}, {"digest", "--org", "nobody"}, {"digest", "--post"}} {
		if err := run(ctx, args, getenv, io.Discard, io.Discard); err == nil {
			t.Errorf("%v: no error", args)
		}
	}
}

// TestDigestPostPostsOnceAndUpdatesAfter runs "tilmeld digest --post"
// twice against a Slack that records what it gets: the first run posts
// the week's summary to the staff channel and the partner's, the second
// changes those messages instead of posting again.
func TestDigestPostPostsOnceAndUpdatesAfter(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	getenv, dbURL := staffEnv(t)
	st, err := store.Open(ctx, dbURL)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if err := st.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	loc, _ := time.LoadLocation("Europe/Copenhagen")
	storetest.NewSampleWeek(t, st, domain.Week{Year: 2026, Num: 47}, loc)
	var mu sync.Mutex
	calls := map[string][]string{} // method → channels
	slack := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		r.ParseForm()
		method := strings.TrimPrefix(r.URL.Path, "/api/")
		mu.Lock()
		calls[method] = append(calls[method], r.Form.Get("channel"))
		n := len(calls[method])
		mu.Unlock()
		fmt.Fprintf(w, `{"ok": true, "channel": %q, "ts": "1764237600.%06d"}`, r.Form.Get("channel"), n)
	}))
	defer slack.Close()
	env := map[string]string{"SLACK_SIGNING_SECRET": "s3cret", "SLACK_BOT_TOKEN": "xoxb-1", "SLACK_STAFF_CHANNEL": "C0STAFF01",
		"SLACK_API_URL": slack.URL + "/api", "SLACK_PARTNER_CHANNELS": "sof-familiehuset=C0FAMILIE1"}
	withSlack := func(k string) string {
		if v, ok := env[k]; ok {
			return v
		}
		return getenv(k)
	}
	for range 2 {
		if err := run(ctx, []string{"digest", "--week", "2026-W47", "--post"}, withSlack, io.Discard, io.Discard); err != nil {
			t.Fatal(err)
		}
	}
	mu.Lock()
	defer mu.Unlock()
	posts, updates := calls["chat.postMessage"], calls["chat.update"]
	slices.Sort(posts)
	slices.Sort(updates)
	if !slices.Equal(posts, []string{"C0FAMILIE1", "C0STAFF01"}) || !slices.Equal(updates, []string{"C0FAMILIE1", "C0STAFF01"}) {
		t.Fatalf("posts %v, updates %v; want one of each per channel", posts, updates)
	}
}
