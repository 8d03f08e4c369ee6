package plans

import (
	"os"
	"strings"
	"testing"
	_ "time/tzdata" // the time-zone checks must not depend on the machine's zoneinfo
)

func TestDefaultPlanIsNordvest(t *testing.T) {
	p, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	if p.Name != "Beboerprojekt Nordvest" || p.Location.String() != "Europe/Copenhagen" {
		t.Errorf("default plan is %q in %s", p.Name, p.Location)
	}
	if len(p.Departments) != 14 || len(p.Areas) != 4 {
		t.Errorf("%d departments and %d areas, want 14 and 4", len(p.Departments), len(p.Areas))
	}
	if len(p.Activities) == 0 || len(p.Organisations) == 0 || len(p.Counselling) == 0 {
		t.Error("the default plan lost its catalogue, organisations or counselling offers")
	}
	if d, ok := p.DepartmentAt("stærevej", 12); !ok || d.Code != "aab-49" {
		t.Errorf("Stærevej 12 is in %q (found %v), want aab-49", d.Code, ok)
	}
}

func TestExamplePlanLoads(t *testing.T) {
	p, err := Load("testdata/example.toml")
	if err != nil {
		t.Fatal(err)
	}
	if p.Name != "Fjordbyen Bomiljø" || p.Location.String() != "Europe/Oslo" {
		t.Errorf("example plan is %q in %s", p.Name, p.Location)
	}
}

func TestDepartmentAtFollowsSidesAndRanges(t *testing.T) {
	p, err := Load("testdata/example.toml")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		street string
		n      int
		want   string // "" for no department
	}{
		{"Tangvegen", 1, "nordre-brygge"},
		{"Tangvegen", 39, "nordre-brygge"},
		{"Tangvegen", 2, "sondre-brygge"},
		{"  tangvegen ", 40, "sondre-brygge"},
		{"Tangvegen", 41, ""},
		{"Tangvegen", 0, ""},
		{"Måkeveien", 20, "nordre-brygge"},
		{"MÅKEVEIEN", 7, "nordre-brygge"},
		{"Skjellgata", 16, ""},
		{"Ukjentgata", 1, ""},
	}
	for _, tt := range tests {
		d, ok := p.DepartmentAt(tt.street, tt.n)
		if d.Code != tt.want || ok != (tt.want != "") {
			t.Errorf("DepartmentAt(%q, %d) = %q, %v; want %q", tt.street, tt.n, d.Code, ok, tt.want)
		}
	}
	if got := strings.Join(p.StreetNames(), ","); got != "Tangvegen,Måkeveien,Skjellgata" {
		t.Errorf("StreetNames = %s", got)
	}
}

// TestBadPlansNameTheLine breaks the example plan in one way per case
// and expects an error that names the file, the line and the problem.
func TestBadPlansNameTheLine(t *testing.T) {
	good, err := os.ReadFile("testdata/example.toml")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name     string
		old, new string // replace old (which must occur) with new
		want     string // in the error, after "bad.toml:"
	}{
		{"syntax error", `logo_text = "Fjordbyen"`, `logo_text = "Fjordbyen`, "5: "},
		{"unknown key", `logo_text = "Fjordbyen"`, "logo_text = \"Fjordbyen\"\ncolour = \"blue\"", `6: unknown key "colour"`},
		{"wrong type", `{ name = "Skjellgata", from = 1,`, `{ name = "Skjellgata", from = "one",`, "35: "},
		{"missing name", `name = "Fjordbyen Bomiljø"`, `name = ""`, "4: the plan has no name"},
		{"missing logo text", `logo_text = "Fjordbyen"`, `logo_text = " "`, "5: the plan has no logo_text"},
		{"unknown time zone", `"Europe/Oslo"`, `"Europe/Fjordbyen"`, `6: time_zone "Europe/Fjordbyen" is not a known IANA time zone`},
		{"no time zone", `time_zone = "Europe/Oslo"`, ``, " the plan has no time_zone"},
		{"no contact", "phone = \"+47 00 00 00 00\"\nemail = \"post@fjordbyen.invalid\"", "", "8: contact needs a phone or an e-mail"},
		{"bad e-mail", `"post@fjordbyen.invalid"`, `"post.fjordbyen.invalid"`, `10: contact e-mail "post.fjordbyen.invalid" has no @`},
		{"duplicate area", `key = "fellesskap"`, `key = "laering"`, `17: area key "laering" is used twice (first on line 13)`},
		{"area without Danish name", `{ da = "Læring", en = "Learning" }`, `{ en = "Learning" }`, `14: area "laering" has no Danish name`},
		{"bad area key", `key = "laering"`, `key = "Læring"`, `13: area key "Læring" is not lower-case`},
		{"duplicate department", `key = "sondre-brygge"`, `key = "nordre-brygge"`, `30: department key "nordre-brygge" is used twice (first on line 21)`},
		{"department named other", `key = "sondre-brygge"`, `key = "other"`, `30: department key "other" is kept for residents living elsewhere`},
		{"department without name", `name = "Søndre Brygge"`, `name = ""`, `31: department "sondre-brygge" has no name`},
		{"department without association", "name = \"Nordre Brygge\"\nassociation = \"Fjordbyen Boligselskap\"", `name = "Nordre Brygge"`, `20: department "nordre-brygge" has no association`},
		{"overlapping streets", `{ name = "Tangvegen", from = 2, to = 40, side = "even" }`, `{ name = "Tangvegen", from = 3, to = 40 }`,
			`34: Tangvegen 3–40 overlaps Tangvegen 1–39 (odd) of department "nordre-brygge" (line 25)`},
		{"overlap within a department", `{ name = "Måkeveien", from = 2, to = 20 },`, "{ name = \"Måkeveien\", from = 2, to = 20 },\n  { name = \"måkeveien\", from = 20, to = 22 },",
			`27: måkeveien 20–22 overlaps Måkeveien 2–20 of department "nordre-brygge" (line 26)`},
		{"backwards range", `{ name = "Skjellgata", from = 1, to = 15 }`, `{ name = "Skjellgata", from = 15, to = 1 }`, "35: Skjellgata: house numbers from 15 to 1 are not a range"},
		{"bad side", `to = 39, side = "odd"`, `to = 39, side = "left"`, `25: Tangvegen: side "left" is not "odd" or "even"`},
		{"street without name", `{ name = "Skjellgata", from = 1, to = 15 }`, `{ name = "", from = 1, to = 15 }`, `35: a street of department "sondre-brygge" has no name`},
		{"unknown group", `group = "kommune"` + "\n\n[[organisation]]\nkey = \"other\"", `group = "fylket"` + "\n\n[[organisation]]\nkey = \"other\"", `45: organisation "skolen": group "fylket" is not an [[organisation_group]]`},
		{"no other organisation", `key = "other"`, `key = "annen"`, ` the plan has no organisation with key "other"`},
		{"duplicate organisation", `key = "other"`, `key = "skolen"`, `48: organisation key "skolen" is used twice (first on line 43)`},
		{"counselling in unknown area", `area = "fellesskap"` + "\ntitle", `area = "helse"` + "\ntitle", `54: counselling offer "familieveiledning": area "helse" is not one of the plan's areas`},
		{"counselling without English", `{ da = "Familievejledning", en = "Family guidance" }`, `{ da = "Familievejledning" }`, `55: counselling offer "familieveiledning" has no title.en`},
		{"activity in unknown area", `area = "fellesskap"` + "\nstarts_on", `area = "helse"` + "\nstarts_on", `57: activity "strandrydding": area "helse" is not one of the plan's areas`},
		{"activity without a translation", `so = "Nadiifinta xeebta"`, ``, `57: activity "strandrydding": texts.title has no "so"`},
		{"activity form without consent", "[[activity.form.fields]]\nkey = \"consent\"\nuse = \"consent\"", "", `57: activity "strandrydding": form does not end with the common "consent" field`},
		{"activity for an unknown audience", `audiences = ["adults", "families"]`, `audiences = ["adults", "teens"]`, `67: activity "strandrydding": audience "teens" is not one of children|youth|adults|families`},
		{"activity audience twice", `audiences = ["adults", "families"]`, `audiences = ["adults", "adults"]`, `67: activity "strandrydding": audience "adults" is given twice`},
		{"activity without audiences", "audiences = [\"adults\", \"families\"]\n", "", `57: activity "strandrydding" has no audiences`},
		{"misspelt table", "[[department]]\nkey = \"nordre-brygge\"", "[[departement]]\nkey = \"nordre-brygge\"", `20: unknown key "departement`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if !strings.Contains(string(good), tt.old) {
				t.Fatalf("the example plan has no %q", tt.old)
			}
			bad := strings.Replace(string(good), tt.old, tt.new, 1)
			_, err := Parse("bad.toml", []byte(bad))
			if err == nil {
				t.Fatal("the plan loaded")
			}
			if !strings.Contains(err.Error(), "bad.toml:"+tt.want) {
				t.Errorf("error\n%v\ndoes not say bad.toml:%s", err, tt.want)
			}
		})
	}
}

func TestEveryProblemIsReportedAtOnce(t *testing.T) {
	good, err := os.ReadFile("testdata/example.toml")
	if err != nil {
		t.Fatal(err)
	}
	bad := strings.NewReplacer(`name = "Fjordbyen Bomiljø"`, `name = ""`, `"Europe/Oslo"`, `"Mars/Olympus"`, `key = "fellesskap"`, `key = "laering"`).Replace(string(good))
	_, err = Parse("bad.toml", []byte(bad))
	if err == nil {
		t.Fatal("the plan loaded")
	}
	lines := strings.Split(err.Error(), "\n")
	if len(lines) < 3 || !strings.HasPrefix(lines[0], "bad.toml:4:") || !strings.HasPrefix(lines[1], "bad.toml:6:") {
		t.Errorf("want each problem on its own line, in file order; got\n%v", err)
	}
}
