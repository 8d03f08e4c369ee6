package store_test

import (
	"context"
	"errors"
	"testing"

	"github.com/beboerprojekt-nordvest/tilmeld/store"
	"github.com/beboerprojekt-nordvest/tilmeld/store/storetest"
)

func TestMigrateIsIdempotent(t *testing.T) {
	t.Parallel()
	st := storetest.New(t)
	if err := st.Migrate(context.Background()); err != nil {
		t.Fatalf("second migrate: %v", err)
	}
}

func TestMigrateRefusesNewerSchema(t *testing.T) {
	t.Parallel()
	st := storetest.New(t)
	if _, err := st.DB().Exec(`INSERT INTO schema_migrations (version, name) VALUES (9999, 'from the future')`); err != nil {
		t.Fatal(err)
	}
	if err := st.Migrate(context.Background()); !errors.Is(err, store.ErrSchemaTooNew) {
		t.Fatalf("migrate on newer schema: %v, want ErrSchemaTooNew", err)
	}
}
