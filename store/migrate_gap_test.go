package store_test

import (
	"context"
	"testing"
	"testing/fstest"

	"github.com/beboerprojekt-nordvest/tilmeld/store"
	"github.com/beboerprojekt-nordvest/tilmeld/store/storetest"
)

func migrationFS(names ...string) fstest.MapFS {
	fs := fstest.MapFS{}
	for _, n := range names {
		fs["migrations/"+n] = &fstest.MapFile{Data: []byte(`CREATE TABLE t_` + n[:3] + ` (id int);`)}
	}
	return fs
}

// Migration numbers are reserved ahead by work done in parallel, so a
// later number may land first: the earlier one is still applied when it
// arrives.
func TestMigrateAppliesANumberThatLandedLate(t *testing.T) {
	t.Parallel()
	st, err := store.Open(context.Background(), storetest.NewDatabase(t))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	ctx := context.Background()
	if err := st.MigrateFS(ctx, migrationFS("001_a.sql", "003_c.sql")); err != nil {
		t.Fatalf("with a gap: %v", err)
	}
	if err := st.MigrateFS(ctx, migrationFS("001_a.sql", "002_b.sql", "003_c.sql")); err != nil {
		t.Fatalf("the late one: %v", err)
	}
	var versions []int
	if err := st.DB().Select(&versions, `SELECT version FROM schema_migrations ORDER BY version`); err != nil {
		t.Fatal(err)
	}
	if len(versions) != 3 {
		t.Fatalf("applied %v, want 1, 2 and 3", versions)
	}
	if _, err := st.DB().Exec(`SELECT * FROM t_002`); err != nil {
		t.Errorf("the late migration did not run: %v", err)
	}
}
