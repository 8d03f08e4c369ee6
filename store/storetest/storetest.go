// Package storetest gives each test a fresh, migrated Postgres database of
// its own, dropped when the test ends, so tests run in parallel against a
// real server and leave nothing behind.
package storetest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"net/url"
	"os"
	"testing"
	"time"

	"github.com/beboerprojekt-nordvest/tilmeld/crypt"
	"github.com/beboerprojekt-nordvest/tilmeld/store"
	"github.com/jmoiron/sqlx"
)

// DefaultURL is the server tests use when TILMELD_TEST_DATABASE_URL is unset.
const DefaultURL = "postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable"

// ServerURL is the maintenance database tests create their databases from.
func ServerURL() string {
	if u := os.Getenv("TILMELD_TEST_DATABASE_URL"); u != "" {
		return u
	}
	return DefaultURL
}

// NewDatabase creates an empty database and returns its URL; it is dropped
// when the test ends.
func NewDatabase(t testing.TB) string {
	t.Helper()
	admin, err := sqlx.Open("postgres", ServerURL())
	if err != nil {
		t.Fatalf("storetest: %v", err)
	}
	t.Cleanup(func() { admin.Close() })
	b := make([]byte, 6)
	rand.Read(b)
	name := "tilmeld_test_" + hex.EncodeToString(b)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if _, err := admin.ExecContext(ctx, `CREATE DATABASE `+name); err != nil {
		t.Fatalf("storetest: create database (is Postgres running? set TILMELD_TEST_DATABASE_URL): %v", err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		if _, err := admin.ExecContext(ctx, `DROP DATABASE IF EXISTS `+name+` WITH (FORCE)`); err != nil {
			t.Errorf("storetest: drop %s: %v", name, err)
		}
	})
	u, err := url.Parse(ServerURL())
	if err != nil {
		t.Fatalf("storetest: %v", err)
	}
	u.Path = "/" + name
	return u.String()
}

// TestKey is the data key of test stores, in base64 as TILMELD_DATA_KEY
// holds it. It is public: it protects nothing but test data.
const TestKey = "dGlsbWVsZCB0ZXN0IGtleSwgbm90IGEgc2VjcmV0ISE="

// Keys is the keyring test stores seal personal data with.
func Keys() *crypt.Keyring {
	k, err := crypt.ParseKey(TestKey)
	if err != nil {
		panic(err) // TestKey is a constant that parses
	}
	return crypt.NewKeyring(k)
}

// WithKeys opens a store with the test keyring.
func WithKeys() store.Option { return store.WithKeys(Keys()) }

// New returns a store on a fresh, migrated database, sealing personal
// data with the test key.
func New(t testing.TB) *store.Store {
	t.Helper()
	ctx := context.Background()
	st, err := store.Open(ctx, NewDatabase(t), WithKeys())
	if err != nil {
		t.Fatalf("storetest: %v", err)
	}
	t.Cleanup(func() { st.Close() })
	if err := st.Migrate(ctx); err != nil {
		t.Fatalf("storetest: migrate: %v", err)
	}
	return st
}
