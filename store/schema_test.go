package store_test

import (
	"context"
	"flag"
	"os"
	"strings"
	"testing"

	"github.com/beboerprojekt-nordvest/tilmeld/store/storetest"
)

var updateSchema = flag.Bool("update-schema", false, "rewrite schema.sql from a freshly migrated database (go generate ./store)")

// TestSchemaFileMatchesTheMigrations keeps store/schema.sql, the schema one
// reads instead of replaying the migrations, true to them: a fresh
// database, migrated, must describe itself exactly as the file does.
func TestSchemaFileMatchesTheMigrations(t *testing.T) {
	t.Parallel()
	st := storetest.New(t)
	got, err := st.Schema(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if *updateSchema {
		if err := os.WriteFile("schema.sql", []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile("schema.sql")
	if err != nil {
		t.Fatalf("%v: generate it with `go generate ./store`", err)
	}
	if string(want) == got {
		return
	}
	w, g := strings.Split(string(want), "\n"), strings.Split(got, "\n")
	for i := range max(len(w), len(g)) {
		wl, gl := line(w, i), line(g, i)
		if wl != gl {
			var version string
			st.DB().Get(&version, `SHOW server_version`)
			t.Fatalf("store/schema.sql differs from the migrated database (PostgreSQL %s) from line %d:\n  file:     %s\n  database: %s\n"+
				"regenerate it with `go generate ./store` and commit it with the migration", version, i+1, wl, gl)
		}
	}
}

func line(lines []string, i int) string {
	if i < len(lines) {
		return lines[i]
	}
	return "(end of file)"
}
