package store_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/beboerprojekt-nordvest/tilmeld/store"
	"github.com/beboerprojekt-nordvest/tilmeld/store/storetest"
)

// A database seeded from the catalogue before migration 027 has no
// audiences. The migration gives each catalogue activity the audiences
// plans/nordvest.toml gives it (so the home page's filter finds them),
// and leaves an activity staff made themselves without.
func TestMigration027GivesTheSeededCatalogueThePlansAudiences(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	st, err := store.Open(ctx, storetest.NewDatabase(t), storetest.WithKeys())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	if err := st.MigrateWithout(ctx, 27); err != nil {
		t.Fatal(err)
	}
	plan := storetest.Plan(t)
	for _, a := range plan.Activities {
		if _, err := st.DB().Exec(`INSERT INTO activities (slug, area, texts, form) VALUES ($1, $2, '{}', '{}')`,
			a.Slug, string(a.Area)); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := st.DB().Exec(`INSERT INTO activities (slug, area, texts, form) VALUES ('staff-egen', 'beskaeftigelse', '{}', '{}')`); err != nil {
		t.Fatal(err)
	}
	if err := st.Migrate(ctx); err != nil {
		t.Fatalf("migration 027 on a seeded catalogue: %v", err)
	}
	for _, want := range plan.Activities {
		got, err := st.ActivityBySlug(ctx, want.Slug)
		if err != nil {
			t.Fatal(err)
		}
		if fmt.Sprint(got.Audiences) != fmt.Sprint(want.Audiences) {
			t.Errorf("%s: audiences %v after the migration, the plan says %v", want.Slug, got.Audiences, want.Audiences)
		}
	}
	if own, _ := st.ActivityBySlug(ctx, "staff-egen"); len(own.Audiences) != 0 {
		t.Errorf("an activity staff made got audiences %v", own.Audiences)
	}
	if _, err := st.DB().Exec(`UPDATE activities SET audiences = '{teens}' WHERE slug = 'staff-egen'`); err == nil {
		t.Error("the database took an audience the filter does not have")
	}
}
