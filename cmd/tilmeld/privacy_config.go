package main

import (
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"strings"

	"github.com/beboerprojekt-nordvest/tilmeld/crypt"
	"github.com/beboerprojekt-nordvest/tilmeld/domain"
)

// privacyConfig is the data key and what the privacy notice names. The
// keys are secrets: they are checked, never printed.
type privacyConfig struct {
	DataKey       string   // TILMELD_DATA_KEY, or the contents of TILMELD_DATA_KEY_FILE
	OldKeys       []string // TILMELD_DATA_KEY_OLD: keys before a rotation, separated by commas
	Controller    string   // TILMELD_PRIVACY_CONTROLLER
	Contact       string   // TILMELD_PRIVACY_CONTACT
	RetentionDays int      // TILMELD_RETENTION_DAYS
}

// errKeyFormat names the variable and says how to make a key, without
// repeating the bad value.
func errKeyFormat(name string) error {
	return fmt.Errorf("%s must be 32 random bytes written in base64 (make one with `tilmeld keys new`)", name)
}

func loadPrivacyConfig(getenv func(string) string) (privacyConfig, error) {
	c := privacyConfig{Controller: strings.TrimSpace(getenv("TILMELD_PRIVACY_CONTROLLER")),
		Contact: strings.TrimSpace(getenv("TILMELD_PRIVACY_CONTACT")), DataKey: strings.TrimSpace(getenv("TILMELD_DATA_KEY"))}
	if file := getenv("TILMELD_DATA_KEY_FILE"); c.DataKey == "" && file != "" {
		b, err := os.ReadFile(file)
		if err != nil {
			return c, fmt.Errorf("TILMELD_DATA_KEY_FILE: %w", err)
		}
		c.DataKey = strings.TrimSpace(string(b))
	}
	if _, err := crypt.ParseKey(c.DataKey); c.DataKey != "" && err != nil {
		return c, errKeyFormat("TILMELD_DATA_KEY")
	}
	for i, k := range strings.FieldsFunc(getenv("TILMELD_DATA_KEY_OLD"), func(r rune) bool { return r == ',' || r == ' ' || r == '\n' }) {
		if _, err := crypt.ParseKey(k); err != nil {
			return c, errKeyFormat(fmt.Sprintf("TILMELD_DATA_KEY_OLD (key number %d)", i+1))
		}
		c.OldKeys = append(c.OldKeys, k)
	}
	if len(c.OldKeys) > 0 && c.DataKey == "" {
		return c, errors.New("TILMELD_DATA_KEY_OLD is set but TILMELD_DATA_KEY is not: the new key goes in TILMELD_DATA_KEY")
	}
	var err error
	if c.RetentionDays, err = intFromEnv(getenv, "TILMELD_RETENTION_DAYS", domain.DefaultRetentionDays); err != nil {
		return c, err
	}
	if !domain.ValidRetention(c.RetentionDays) {
		return c, fmt.Errorf("TILMELD_RETENTION_DAYS must be from 1 to %d: the consent text promises deletion at the latest a year after the activity ends, not %d",
			domain.MaxRetentionDays, c.RetentionDays)
	}
	return c, nil
}

// devKeyFile is where a local, development database's data key is kept
// when TILMELD_DATA_KEY is unset.
const devKeyFile = "data-key"

// dataKeys returns the keyring that seals personal data: the configured
// keys; or, for the local PostgreSQL under the data folder only, a key
// kept beside it (made on first use, readable by this user alone), so
// `go run ./cmd/tilmeld serve` works on a fresh checkout. With
// DATABASE_URL set and no key it returns nil: commands that touch no
// personal data (staff accounts, migrations) run without one, and serve
// refuses to start.
func dataKeys(cfg config, log *slog.Logger) (*crypt.Keyring, error) {
	secret := cfg.Privacy.DataKey
	if secret == "" && cfg.DatabaseURL != "" {
		return nil, nil
	}
	if secret == "" {
		var err error
		if secret, err = devKey(filepath.Join(cfg.DataDir, devKeyFile), log); err != nil {
			return nil, err
		}
	}
	current, err := crypt.ParseKey(secret)
	if err != nil {
		return nil, errKeyFormat("TILMELD_DATA_KEY")
	}
	var old []*crypt.Key
	for _, s := range cfg.Privacy.OldKeys {
		k, _ := crypt.ParseKey(s) // checked by loadPrivacyConfig
		old = append(old, k)
	}
	return crypt.NewKeyring(current, old...), nil
}

// devKey reads the development key file, or makes it.
func devKey(path string, log *slog.Logger) (string, error) {
	b, err := os.ReadFile(path)
	if err == nil {
		return strings.TrimSpace(string(b)), nil
	}
	if !errors.Is(err, fs.ErrNotExist) {
		return "", fmt.Errorf("data key file: %w", err)
	}
	// The folder stays enterable, as pglocal makes it: run as root, the
	// local PostgreSQL runs as another user and must reach data/postgres.
	// The key file itself is readable by this user alone.
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return "", fmt.Errorf("data key file: %w", err)
	}
	key := crypt.GenerateKey()
	if err := os.WriteFile(path, []byte(key+"\n"), 0o600); err != nil {
		return "", fmt.Errorf("data key file: %w", err)
	}
	log.Warn("TILMELD_DATA_KEY is not set: made a development data key for the local database", "file", path)
	return key, nil
}

// errNoDataKey is why serve will not start against DATABASE_URL without a key.
var errNoDataKey = errors.New("TILMELD_DATA_KEY is not set: residents' names, phone numbers and notes are encrypted with it " +
	"before they reach the database (make one with `tilmeld keys new`, and keep it apart from the database's backups)")
