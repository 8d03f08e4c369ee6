package main

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/beboerprojekt-nordvest/tilmeld/crypt"
	"github.com/beboerprojekt-nordvest/tilmeld/domain"
	"github.com/beboerprojekt-nordvest/tilmeld/locales"
	"github.com/beboerprojekt-nordvest/tilmeld/store"
	"github.com/beboerprojekt-nordvest/tilmeld/store/storetest"
)

var quiet = slog.New(slog.NewTextHandler(io.Discard, nil))

func TestPrivacyConfigChecksKeysWithoutPrintingThem(t *testing.T) {
	key, old := crypt.GenerateKey(), crypt.GenerateKey()
	file := filepath.Join(t.TempDir(), "key")
	os.WriteFile(file, []byte(key+"\n"), 0o600)
	cases := []struct {
		name   string
		env    map[string]string
		errHas string
	}{
		{"nothing set: the defaults", nil, ""},
		{"a key and an old one", map[string]string{"TILMELD_DATA_KEY": key, "TILMELD_DATA_KEY_OLD": old}, ""},
		{"the key from a file", map[string]string{"TILMELD_DATA_KEY_FILE": file}, ""},
		{"a short key", map[string]string{"TILMELD_DATA_KEY": "c2VjcmV0LXNob3J0"}, "TILMELD_DATA_KEY must be 32 random bytes"},
		{"a bad old key", map[string]string{"TILMELD_DATA_KEY": key, "TILMELD_DATA_KEY_OLD": old + ",c2VjcmV0LXNob3J0"}, "key number 2"},
		{"an old key without a new one", map[string]string{"TILMELD_DATA_KEY_OLD": old}, "TILMELD_DATA_KEY is not"},
		{"retention over a year", map[string]string{"TILMELD_RETENTION_DAYS": "730"}, "at the latest a year"},
		{"retention of nothing", map[string]string{"TILMELD_RETENTION_DAYS": "0"}, "TILMELD_RETENTION_DAYS"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			cfg, err := loadConfig(env(c.env))
			if c.errHas == "" {
				if err != nil {
					t.Fatal(err)
				}
				if cfg.Privacy.RetentionDays == 0 {
					t.Fatal("no retention")
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), c.errHas) {
				t.Fatalf("err = %v, want one mentioning %q", err, c.errHas)
			}
			if strings.Contains(err.Error(), "c2VjcmV0") || strings.Contains(err.Error(), old) {
				t.Fatalf("the error prints a key: %v", err)
			}
		})
	}
	cfg, _ := loadConfig(env(map[string]string{"TILMELD_DATA_KEY_FILE": file}))
	if cfg.Privacy.DataKey != key {
		t.Fatal("the key file was not read")
	}
}

func TestLocalDatabaseGetsAPrivateDevelopmentKey(t *testing.T) {
	dir := t.TempDir()
	cfg, _ := loadConfig(env(map[string]string{"TILMELD_DATA_DIR": dir}))
	first, err := dataKeys(cfg, quiet)
	if err != nil || first == nil {
		t.Fatalf("dev key: %v", err)
	}
	info, err := os.Stat(filepath.Join(dir, devKeyFile))
	if err != nil || info.Mode().Perm() != 0o600 {
		t.Fatalf("key file: %v, %v", info, err)
	}
	again, _ := dataKeys(cfg, quiet)
	if again.CurrentID() != first.CurrentID() {
		t.Fatal("a second start made a different key")
	}
	// Against a database of its own, the service needs the key set.
	prod, _ := loadConfig(env(map[string]string{"DATABASE_URL": "postgres://db/tilmeld", "TILMELD_DATA_DIR": dir}))
	if keys, err := dataKeys(prod, quiet); keys != nil || err != nil {
		t.Fatalf("with DATABASE_URL and no key: %v, %v", keys, err)
	}
	if err := serve(context.Background(), prod, quiet); !errors.Is(err, errNoDataKey) {
		t.Fatalf("serve without a key: %v", err)
	}
}

// fakeRetention records the daily erasure's calls.
type fakeRetention struct {
	mu    sync.Mutex
	calls []time.Time
	days  int
}

func (f *fakeRetention) EraseExpired(_ context.Context, now time.Time, days int) (store.RetentionResult, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.calls, f.days = append(f.calls, now), days
	return store.RetentionResult{Ran: true}, nil
}

func (f *fakeRetention) count() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return len(f.calls)
}

func TestRetentionRunsAtOnceAndThenOnSchedule(t *testing.T) {
	f := &fakeRetention{}
	clock := time.Date(2028, 3, 1, 3, 0, 0, 0, time.UTC)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		defer close(done)
		runRetention(ctx, f, quiet, 90, func() time.Time { return clock }, 5*time.Millisecond)
	}()
	deadline := time.Now().Add(5 * time.Second)
	for f.count() < 3 && time.Now().Before(deadline) {
		time.Sleep(time.Millisecond)
	}
	cancel()
	<-done
	if f.count() < 3 || !f.calls[0].Equal(clock) || f.days != 90 {
		t.Fatalf("calls %v with %d days", f.calls, f.days)
	}
}

// TestRetentionJobErasesWithTheInjectedClock runs the job the service
// starts against a real database, with the clock a year and a day after
// an activity ended.
func TestRetentionJobErasesWithTheInjectedClock(t *testing.T) {
	ctx := context.Background()
	st := storetest.New(t)
	a := domain.Activity{Slug: "afsluttet", Area: domain.AreaCohesion, Open: true, Texts: domain.Texts{Title: domain.Text{"da": "x"}},
		StartsOn: time.Date(2026, 1, 10, 0, 0, 0, 0, time.UTC), Form: domain.Form{Fields: []domain.Field{{Key: "name", Type: domain.FieldText}}}}
	id, err := st.CreateActivity(ctx, a)
	if err != nil {
		t.Fatal(err)
	}
	res, err := st.CreateSignup(ctx, domain.Signup{ActivityID: id, IdempotencyKey: "k", Name: "Testperson Gammel", Phone: "+4522001100",
		Answers: domain.Answers{}, Lang: "da", ConsentVersion: domain.ConsentVersion, ConsentedAt: time.Now()})
	if err != nil {
		t.Fatal(err)
	}
	rctx, cancel := context.WithCancel(ctx)
	done := make(chan struct{})
	later := func() time.Time { return time.Date(2027, 1, 12, 3, 0, 0, 0, time.UTC) }
	go func() {
		defer close(done)
		runRetention(rctx, st, quiet, domain.DefaultRetentionDays, later, time.Hour)
	}()
	deadline := time.Now().Add(10 * time.Second)
	for {
		su, err := st.StaffSignupByID(ctx, res.Signup.ID)
		if err == nil && su.Name == "" {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("not erased: %+v, %v", su, err)
		}
		time.Sleep(10 * time.Millisecond)
	}
	cancel()
	<-done
}

func TestConsentTextsAreRecordedForEveryLanguage(t *testing.T) {
	bundle, err := locales.Bundle()
	if err != nil {
		t.Fatal(err)
	}
	texts, err := consentTexts(bundle, "Beboerprojekt Nordvest")
	if err != nil {
		t.Fatal(err)
	}
	langs := map[string]bool{}
	for _, c := range texts {
		if strings.TrimSpace(c.Text) == "" || c.Version == "" {
			t.Errorf("%+v is empty", c)
		}
		if c.MessageID == "consent.signup.text" {
			langs[c.Lang] = true
		}
	}
	if len(langs) != len(locales.Languages) {
		t.Fatalf("the sign-up consent is recorded in %d languages", len(langs))
	}
	st := storetest.New(t)
	if err := recordConsentTexts(context.Background(), st, bundle, "Beboerprojekt Nordvest"); err != nil {
		t.Fatal(err)
	}
	if err := recordConsentTexts(context.Background(), st, bundle, "Beboerprojekt Nordvest"); err != nil {
		t.Fatalf("a second start: %v", err)
	}
}

// The consent texts name the plan that keeps the data, and are recorded
// as that plan's form shows them: the made-up second plan's, in every
// language, names it and not Beboerprojekt Nordvest. The same database
// started on another plan under the same version refuses, since people
// already agreed to the first plan's wording under it.
func TestRecordedConsentNamesTheLoadedPlan(t *testing.T) {
	bundle, err := locales.Bundle()
	if err != nil {
		t.Fatal(err)
	}
	texts, err := consentTexts(bundle, "Fjordbyen Bomiljø")
	if err != nil {
		t.Fatal(err)
	}
	danish := ""
	for _, c := range texts {
		if c.MessageID == "consent.signup.text" && c.Lang == "da" {
			danish = c.Text
		}
		named := strings.Contains(c.Text, "Fjordbyen Bomiljø")
		if c.MessageID == "consent.signup.text" || c.MessageID == "consent.guardian.text" {
			if !named || strings.Contains(c.Text, "Nordvest") {
				t.Errorf("%s (%s) does not name the loaded plan: %s", c.MessageID, c.Lang, c.Text)
			}
		}
		if strings.Contains(c.Text, "{{") || strings.Contains(c.Text, "<no value>") {
			t.Errorf("%s (%s) is a template left unfilled: %s", c.MessageID, c.Lang, c.Text)
		}
	}
	if danish != "Fjordbyen Bomiljø gemmer det, du skriver her, for at holde styr på tilmeldingen og kontakte dig om aktiviteten. Vi sletter det senest et år efter, at aktiviteten er slut. Du kan altid melde dig fra." {
		t.Errorf("the Danish consent reads %q", danish)
	}
	st := storetest.New(t)
	if err := recordConsentTexts(context.Background(), st, bundle, "Fjordbyen Bomiljø"); err != nil {
		t.Fatal(err)
	}
	if err := recordConsentTexts(context.Background(), st, bundle, "Beboerprojekt Nordvest"); !errors.Is(err, store.ErrConsentChanged) {
		t.Fatalf("another plan under the same version: %v, want refused", err)
	}
}
