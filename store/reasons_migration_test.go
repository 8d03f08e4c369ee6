package store_test

import (
	"context"
	"strings"
	"testing"

	"github.com/beboerprojekt-nordvest/tilmeld/domain"
	"github.com/beboerprojekt-nordvest/tilmeld/store"
	"github.com/beboerprojekt-nordvest/tilmeld/store/storetest"
)

// A database from before migration 009 holds reasons in clear text in the
// append-only audit log and in messages sent to partners. After the
// migration the log keeps references, the messages no reason, and a key
// rotation seals what moved.
func TestMigration009TakesOldReasonsOutOfTheLogAndTheMessages(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	st, err := store.Open(ctx, storetest.NewDatabase(t), storetest.WithKeys())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	if err := st.MigrateWithout(ctx, 9); err != nil {
		t.Fatal(err)
	}
	const old = "Gammel begrundelse om hendes helbred"
	db := st.DB()
	if _, err := db.Exec(`INSERT INTO audit_log (action, subject, detail) VALUES
		('signup.status', 'signup:7', '{"from": "confirmed", "to": "cancelled", "reason": "` + old + `"}'),
		('signup.status', 'signup:8', '{"from": "confirmed", "to": "no_show"}')`); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(`INSERT INTO outbox (dedupe_key, method, order_key, payload) VALUES
		('referral:1:dm:declined:1', 'chat.postMessage', 'dm:U0PARTNER', '{"channel": "U0PARTNER", "text": "Henvisning H-1001: Afvist",
		"blocks": [{"type": "section", "text": {"type": "mrkdwn", "text": "Nyt om din henvisning"}},
		{"type": "section", "text": {"type": "mrkdwn", "text": "*Begrundelse:* ` + old + `"}}]}')`); err != nil {
		t.Fatal(err)
	}

	if err := st.Migrate(ctx); err != nil {
		t.Fatalf("migration 009 on old data: %v", err)
	}
	var details []string
	if err := db.Select(&details, `SELECT detail::text FROM audit_log WHERE action = 'signup.status' ORDER BY id`); err != nil {
		t.Fatal(err)
	}
	if len(details) != 2 || strings.Contains(details[0], old) || !strings.Contains(details[0], `"reason_ref"`) || strings.Contains(details[1], "reason") {
		t.Fatalf("audit lines after the migration: %v", details)
	}
	var payload string
	if err := db.Get(&payload, `SELECT payload::text FROM outbox WHERE dedupe_key = 'referral:1:dm:declined:1'`); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(payload, old) || !strings.Contains(payload, "Nyt om din henvisning") {
		t.Fatalf("the partner's message after the migration: %s", payload)
	}
	// Staff still read the moved reason, and the log stays append-only.
	lines, err := st.AuditLog(ctx, "signup:7", domain.AuditSignupStatus, 1)
	if err != nil || len(lines) != 1 || lines[0].Detail["reason"] != old {
		t.Fatalf("the moved reason reads back as %+v, %v", lines, err)
	}
	if _, err := db.Exec(`UPDATE audit_log SET detail = '{}'`); err == nil {
		t.Fatal("the audit log can be changed after the migration")
	}

	res, err := st.RotateKeys(ctx, 100)
	if err != nil || res.Reasons != 1 {
		t.Fatalf("rotation sealed %d reasons, %v; want the one moved", res.Reasons, err)
	}
	if where := rowsHolding(t, db, old); len(where) > 0 {
		t.Fatalf("after rotating, the old reason is readable in %s", strings.Join(where, ", "))
	}
	if lines, _ := st.AuditLog(ctx, "signup:7", domain.AuditSignupStatus, 1); lines[0].Detail["reason"] != old {
		t.Fatalf("the sealed reason reads back as %v", lines[0].Detail["reason"])
	}
}
