package web

import (
	"io/fs"
	"os"
	"regexp"
	"testing"

	"github.com/beboerprojekt-nordvest/tilmeld/domain"
	"github.com/beboerprojekt-nordvest/tilmeld/locales"
	"github.com/beboerprojekt-nordvest/tilmeld/web/ui"
	"github.com/nicksnyder/go-i18n/v2/i18n"
)

// TestEveryMessageIDExists fails when a template or a domain rule names a
// message that locales/ does not have, or that a count breaks. That every
// language has every Danish message is the locales package's own test.
func TestEveryMessageIDExists(t *testing.T) {
	bundle, err := locales.Bundle()
	if err != nil {
		t.Fatal(err)
	}
	ids := map[string]bool{}
	tplID := regexp.MustCompile(`\.T "([a-z0-9_.]+)"`)
	// The residents' templates: these pages', the layout and fields shared
	// with the staff workspace (ui), and the copy of her own data that
	// staff show her (staff), which is in her language.
	for _, root := range []string{"templates", "ui/templates", "staff/templates/person.html"} {
		err := fs.WalkDir(os.DirFS("."), root, func(path string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			b, err := os.ReadFile(path)
			for _, m := range tplID.FindAllStringSubmatch(string(b), -1) {
				ids[m[1]] = true
			}
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	goIDs := []string{
		domain.ErrCodeRequired, domain.ErrCodeEncoding, domain.ErrCodeTooLong, domain.ErrCodeCPR,
		domain.ErrCodePhone, domain.ErrCodeEmail, domain.ErrCodeNumber, domain.ErrCodeTooSmall,
		domain.ErrCodeTooLarge, domain.ErrCodeDate, domain.ErrCodeChoice, domain.ErrCodeConsent,
		domain.ErrCodeAgeRange, domain.ErrCodeAgeMin, domain.ErrCodeAgeMax, "places.left", "places.full.none", "places.full.waiting", "places.unlimited", "date.format", "time.format",
		"field.yes", "field.no", "form.optional", "form.error_title_prefix",
		"error.server.title", "error.server.body", "error.notfound.title", "error.notfound.body",
		"error.unavailable.title", "error.unavailable.body", "error.toolarge.title", "error.toolarge.body",
		"error.badrequest.title", "error.badrequest.body", "cancel.notfound.title", "cancel.notfound.body",
		"confirmation.title", "already.title", "cancel.title", "cancelled.title", "home.title",
		domain.ErrCodeAddressUnknown, domain.ErrCodeHouseNumber, "plan.street.label", "plan.street.choose",
		"plan.street.hint", "plan.number.label",
	}
	for m := 1; m <= 12; m++ {
		goIDs = append(goIDs, "month."+string(rune('0'+m/10))+string(rune('0'+m%10)))
	}
	for _, id := range goIDs {
		ids[trimZero(id)] = true
	}
	for _, key := range []string{domain.KeyName, domain.KeyPhone, domain.KeyEmail, domain.KeyDepartment, domain.KeyAge,
		domain.KeyBirthYear, domain.KeyGuardianName, domain.KeyGuardianPhone, domain.KeyGuardianConsent, domain.KeyConsent} {
		f, ok := domain.CommonField(key)
		if !ok {
			t.Fatalf("common field %s missing", key)
		}
		for _, id := range []string{f.LabelID, f.HelpID} {
			if id != "" {
				ids[id] = true
			}
		}
		for _, o := range f.Options {
			if o.LabelID != "" {
				ids[o.LabelID] = true
			}
		}
	}
	if len(ids) < 60 {
		t.Fatalf("found only %d message ids: the scan is broken", len(ids))
	}
	for _, l := range locales.Languages {
		p := ui.PageWith(l, i18n.NewLocalizer(bundle, l.Tag), nil)
		for id := range ids {
			// Every count a page may pass, including ones that pick
			// Arabic's dual and few forms.
			for _, n := range []int{0, 1, 2, 3, 11, 100} {
				if got := p.T(id, "Count", n, "Max", n, "Min", n, "Title", "x", "Date", "x", "Day", 1, "Month", "x", "Year", 2027); got == id || got == "" {
					t.Errorf("%s: message %q missing (count %d)", l.Tag, id, n)
				}
			}
		}
	}
}

// trimZero turns "month.01" into "month.1".
func trimZero(id string) string {
	if len(id) == 8 && id[:7] == "month.0" {
		return "month." + id[7:]
	}
	return id
}
