package staff

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/beboerprojekt-nordvest/tilmeld/domain"
	"github.com/beboerprojekt-nordvest/tilmeld/locales"
	"github.com/beboerprojekt-nordvest/tilmeld/web/ui"
	"github.com/nicksnyder/go-i18n/v2/i18n"
)

// TestEveryStaffMessageExists fails when a staff template, a staff handler
// or a domain rule names a staff message that locales/ lacks, including
// ids put together at run time (statuses, areas, field types, weekdays,
// ?done= and ?error= keys). That English has every Danish staff message
// is the locales package's own test.
func TestEveryStaffMessageExists(t *testing.T) {
	bundle, err := locales.Bundle()
	if err != nil {
		t.Fatal(err)
	}
	ids := map[string]bool{}
	tplID := regexp.MustCompile(`\.T "([a-z0-9_.]+)"`)
	fs.WalkDir(templateFS, "templates", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || d.Name() == "person.html" { // hers, in her language: web's test
			return err
		}
		b, _ := templateFS.ReadFile(path)
		for _, m := range tplID.FindAllStringSubmatch(string(b), -1) {
			ids[m[1]] = true
		}
		return nil
	})
	literal := regexp.MustCompile(`"(staff\.[a-z0-9_]+(?:\.[a-z0-9_]+)+)"`)
	flashKey := regexp.MustCompile(`withFlash\([^;\n]*"(done|error)", "([a-z_]+)"\)`)
	flashVar := regexp.MustCompile(`(done|error)(?: :?= |, )"([a-z_]+)"`)
	for _, glob := range []string{"*.go", "../../domain/*.go"} {
		files, _ := filepath.Glob(glob)
		for _, f := range files {
			if strings.HasSuffix(f, "_test.go") {
				continue
			}
			b, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			for _, m := range literal.FindAllStringSubmatch(string(b), -1) {
				if !strings.HasPrefix(m[1], "staff.added") && !strings.HasPrefix(m[1], "staff.deactivated") { // audit actions
					ids[m[1]] = true
				}
			}
			for _, re := range []*regexp.Regexp{flashKey, flashVar} {
				for _, m := range re.FindAllStringSubmatch(string(b), -1) {
					prefix := map[string]string{"done": "staff.notice.", "error": "staff.error."}[m[1]]
					ids[prefix+m[2]] = true
				}
			}
		}
	}
	for _, a := range testPlan(t).AreaKeys() { // no longer read: the plan names its areas
		ids["staff.area."+string(a)] = true
	}
	for _, ft := range domain.FieldTypes {
		ids["staff.fieldtype."+string(ft)] = true
	}
	for _, st := range domain.Statuses {
		ids["staff.status."+string(st)] = true
	}
	for _, r := range []domain.Role{domain.RoleAdmin, domain.RoleStaff} {
		ids["staff.role."+string(r)] = true
	}
	for d := range 7 {
		ids["staff.weekday."+strconv.Itoa(d)] = true
	}
	for _, n := range textNames {
		ids["staff.edit.text."+n] = true
	}
	for _, a := range []string{domain.AuditSignupStatus, domain.AuditSignupPromoted, domain.AuditSignupNote, domain.AuditSignupAssisted} {
		ids["staff.audit."+a] = true
	}
	for _, must := range []string{"staff.notice.logged_out", "staff.notice.duplicated", "staff.error.slug_taken", "staff.error.cpr"} {
		if !ids[must] {
			t.Fatalf("the scan missed %s: it is broken", must)
		}
	}
	for _, l := range staffLangs() {
		p := ui.PageWith(l, i18n.NewLocalizer(bundle, l.Tag), nil)
		for id := range ids {
			for _, n := range []int{0, 1, 2} {
				if got := p.T(id, "Count", n, "Total", n, "Max", n, "Min", n, "Name", "x", "When", "x", "Time", "x",
					"Minutes", n, "Type", "x", "Lang", "x", "Reference", "x", "Confirmed", n, "Capacity", n, "Waiting", n,
					"Weekday", "x", "Date", "x", "Num", n, "Den", n, "Rate", "x", "Value", n, "From", "x", "To", "x",
					"Week", n, "Year", n, "Due", n, "Still", n, "Months", n, "Guided", n, "Kind", "x", "Held", n,
					"Placed", n, "Until", "x"); got == id || got == "" || strings.Contains(got, "<no value>") {
					t.Errorf("%s: message %q missing or lacks a value (count %d): %q", l.Tag, id, n, got)
				}
			}
		}
	}
}
