package staff

import (
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/beboerprojekt-nordvest/tilmeld/domain"
	"github.com/beboerprojekt-nordvest/tilmeld/locales"
)

// activityDraft is the activity editor's content exactly as typed, so a
// form with mistakes comes back with everything in it. Converting it to a
// domain.Activity reports what cannot be read; domain rules do the rest.
type activityDraft struct {
	ID       int64
	Slug     string
	Area     string
	Texts    map[string]domain.Text // by text name, then language
	Capacity string
	MinAge   string
	MaxAge   string
	StartsOn string
	Open     bool
	Sessions []sessionDraft
	Fields   []fieldDraft
	// Retention and GuardianAge override the service's defaults: days
	// personal data is kept after the activity, and the age below which a
	// guardian consents. Empty keeps the default.
	Retention   string
	GuardianAge string
	Reminder    string   // when residents get an SMS before a session: a domain.ReminderLead
	OfferHours  string   // how long an offer of a place from the waiting list holds it
	Audiences   []string // who it is for, as the home page's filter asks: the ticked domain.Audiences
}

type sessionDraft struct {
	ID                  int64
	Date, Time, Minutes string
}

type fieldDraft struct {
	Key, Use, Type   string
	Required         bool
	Label, Help      domain.Text
	Min, Max, MaxLen string
	Options          []optionDraft
}

type optionDraft struct {
	Value string
	Label domain.Text
}

// Bounds on repeated parts of the editor, so a crafted form cannot make
// the server loop for long.
const (
	maxDraftSessions = 100
	maxDraftFields   = 40
	maxDraftOptions  = 40
)

// textNames are the activity's texts in editor order.
var textNames = []string{"title", "summary", "audience", "place", "when"}

func intText(p *int) string {
	if p == nil {
		return ""
	}
	return strconv.Itoa(*p)
}

// draftOf fills the editor from a stored activity.
func draftOf(a domain.Activity, tz *time.Location) activityDraft {
	d := activityDraft{ID: a.ID, Slug: a.Slug, Area: string(a.Area), Texts: map[string]domain.Text{},
		Capacity: intText(a.Capacity), MinAge: intText(a.MinAge), MaxAge: intText(a.MaxAge), Open: a.Open,
		Retention: intText(a.RetentionDays), GuardianAge: intText(a.GuardianBelowAge)}
	for _, t := range a.Texts.Named() {
		d.Texts[t.Name] = t.Text
	}
	for _, x := range a.Audiences {
		d.Audiences = append(d.Audiences, string(x))
	}
	if !a.StartsOn.IsZero() {
		d.StartsOn = a.StartsOn.Format("2006-01-02")
	}
	for _, se := range a.Sessions {
		lt := se.StartsAt.In(tz)
		d.Sessions = append(d.Sessions, sessionDraft{ID: se.ID, Date: lt.Format("2006-01-02"), Time: lt.Format("15:04"), Minutes: strconv.Itoa(se.Minutes)})
	}
	for _, f := range a.Form.Fields {
		fd := fieldDraft{Key: f.Key, Use: f.Use, Type: string(f.Type), Required: f.Required, Label: f.Label, Help: f.Help,
			Min: intText(f.Min), Max: intText(f.Max)}
		if f.MaxLen > 0 {
			fd.MaxLen = strconv.Itoa(f.MaxLen)
		}
		for _, o := range f.Options {
			fd.Options = append(fd.Options, optionDraft{Value: o.Value, Label: o.Label})
		}
		d.Fields = append(d.Fields, fd)
	}
	return d
}

// repeatCount reads how many of a repeated part from the form, within bounds.
func repeatCount(form url.Values, key string, max int) int {
	n, _ := strconv.Atoi(form.Get(key))
	return min(max, n)
}

// langText reads one text per language from inputs named prefix-<lang>.
func langText(form url.Values, prefix string) domain.Text {
	t := domain.Text{}
	for _, l := range locales.Languages {
		if v := strings.TrimSpace(form.Get(prefix + "-" + l.Tag)); v != "" {
			t[l.Tag] = v
		}
	}
	return t
}

// parseDraft reads the editor's form.
func parseDraft(form url.Values) activityDraft {
	d := activityDraft{Slug: strings.TrimSpace(form.Get("slug")), Area: form.Get("area"), Texts: map[string]domain.Text{},
		Capacity: strings.TrimSpace(form.Get("capacity")), MinAge: strings.TrimSpace(form.Get("min_age")),
		MaxAge: strings.TrimSpace(form.Get("max_age")), StartsOn: strings.TrimSpace(form.Get("starts_on")),
		Open: form.Get("open") == "1", Retention: strings.TrimSpace(form.Get("retention_days")),
		GuardianAge: strings.TrimSpace(form.Get("guardian_below_age"))}
	d.Reminder = form.Get("sms_reminder")
	d.OfferHours = strings.TrimSpace(form.Get("offer_hours"))
	d.Audiences = form["audiences"]
	if len(d.Audiences) > len(domain.Audiences) {
		d.Audiences = d.Audiences[:len(domain.Audiences)+1] // enough to be refused, not to loop over
	}
	for _, n := range textNames {
		d.Texts[n] = langText(form, "text-"+n)
	}
	for i := range repeatCount(form, "sessions", maxDraftSessions) {
		p := fmt.Sprintf("session-%d-", i)
		id, _ := strconv.ParseInt(form.Get(p+"id"), 10, 64)
		d.Sessions = append(d.Sessions, sessionDraft{ID: id, Date: strings.TrimSpace(form.Get(p + "date")),
			Time: strings.TrimSpace(form.Get(p + "time")), Minutes: strings.TrimSpace(form.Get(p + "minutes"))})
	}
	for i := range repeatCount(form, "fields", maxDraftFields) {
		p := fmt.Sprintf("field-%d-", i)
		fd := fieldDraft{Key: strings.TrimSpace(form.Get(p + "key")), Use: form.Get(p + "use"), Type: form.Get(p + "type"),
			Required: form.Get(p+"required") == "1", Label: langText(form, p+"label"), Help: langText(form, p+"help"),
			Min: strings.TrimSpace(form.Get(p + "min")), Max: strings.TrimSpace(form.Get(p + "max")),
			MaxLen: strings.TrimSpace(form.Get(p + "maxlen"))}
		for j := range repeatCount(form, p+"options", maxDraftOptions) {
			op := fmt.Sprintf("%sopt-%d-", p, j)
			fd.Options = append(fd.Options, optionDraft{Value: strings.TrimSpace(form.Get(op + "value")), Label: langText(form, op+"label")})
		}
		d.Fields = append(d.Fields, fd)
	}
	return d
}

// optionalInt reads an optional whole number; ok is false if unreadable.
func optionalInt(s string) (*int, bool) {
	if s == "" {
		return nil, true
	}
	n, err := strconv.Atoi(domain.NormaliseDigits(s))
	if err != nil {
		return nil, false
	}
	return &n, true
}

// activity turns the draft into an activity, reporting inputs that could
// not be read; the domain's CheckEdit judges the rest.
func (d activityDraft) activity(tz *time.Location) (domain.Activity, []domain.FieldError) {
	var errs []domain.FieldError
	bad := func(field, code string) { errs = append(errs, domain.FieldError{Field: field, Code: code}) }
	a := domain.Activity{ID: d.ID, Slug: d.Slug, Area: domain.Area(d.Area), Open: d.Open}
	a.Texts = domain.Texts{Title: d.Texts["title"], Summary: d.Texts["summary"], Audience: d.Texts["audience"],
		Place: d.Texts["place"], When: d.Texts["when"]}
	for _, x := range d.Audiences {
		a.Audiences = append(a.Audiences, domain.Audience(x))
	}
	var ok1, ok2, ok3 bool
	if a.Capacity, ok1 = optionalInt(d.Capacity); !ok1 {
		bad("capacity", domain.ErrCodeCapacity)
	}
	a.MinAge, ok2 = optionalInt(d.MinAge)
	a.MaxAge, ok3 = optionalInt(d.MaxAge)
	if !ok2 || !ok3 {
		bad("min_age", domain.ErrCodeAgeBounds)
	}
	if a.RetentionDays, ok1 = optionalInt(d.Retention); !ok1 {
		bad("retention_days", domain.ErrCodeRetention)
	}
	if a.GuardianBelowAge, ok1 = optionalInt(d.GuardianAge); !ok1 {
		bad("guardian_below_age", domain.ErrCodeGuardianAge)
	}
	if d.StartsOn != "" {
		t, err := time.Parse("2006-01-02", d.StartsOn)
		if err != nil {
			bad("starts_on", domain.ErrCodeStartsOn)
		}
		a.StartsOn = t
	}
	for i, sd := range d.Sessions {
		if sd.Date == "" && sd.Time == "" {
			continue // an emptied row removes the session
		}
		se, ok := sd.session(tz)
		if !ok {
			bad(fmt.Sprintf("session-%d", i), domain.ErrCodeSession)
			continue
		}
		a.Sessions = append(a.Sessions, se)
	}
	domain.SortSessions(a.Sessions)
	if a.StartsOn.IsZero() && len(a.Sessions) > 0 {
		y, m, day := a.Sessions[0].StartsAt.In(tz).Date()
		a.StartsOn = time.Date(y, m, day, 0, 0, 0, 0, time.UTC) // a date, kept as midnight UTC like the catalogue's
	}
	for i, fd := range d.Fields {
		f, ok := fd.field()
		if !ok {
			bad(fmt.Sprintf("field-%d", i), domain.ErrCodeFieldBounds)
		}
		a.Form.Fields = append(a.Form.Fields, f)
	}
	return a, errs
}

func (sd sessionDraft) session(tz *time.Location) (domain.Session, bool) {
	t, err := time.ParseInLocation("2006-01-02 15:04", sd.Date+" "+sd.Time, tz)
	minutes, err2 := strconv.Atoi(sd.Minutes)
	if err != nil || err2 != nil {
		return domain.Session{}, false
	}
	return domain.Session{ID: sd.ID, StartsAt: t, Minutes: minutes}, true
}

// field turns one field of the editor into a form field. A common field
// is only its reference; its wording lives in locales/.
func (fd fieldDraft) field() (domain.Field, bool) {
	if fd.Use != "" {
		f, ok := domain.CommonField(fd.Use)
		if !ok {
			return domain.Field{Key: fd.Key, Use: fd.Use}, false
		}
		f.Key = fd.Key
		return f, true
	}
	f := domain.Field{Key: fd.Key, Type: domain.FieldType(fd.Type), Required: fd.Required, Label: fd.Label}
	if len(fd.Help) > 0 {
		f.Help = fd.Help
	}
	var ok1, ok2, ok3 bool
	f.Min, ok1 = optionalInt(fd.Min)
	f.Max, ok2 = optionalInt(fd.Max)
	maxLen, ok3 := optionalInt(fd.MaxLen)
	if maxLen != nil {
		f.MaxLen = *maxLen
	}
	for _, o := range fd.Options {
		if o.Value != "" || len(o.Label) > 0 { // an empty row is a choice not used
			f.Options = append(f.Options, domain.Option{Value: o.Value, Label: o.Label})
		}
	}
	return f, ok1 && ok2 && ok3 && f.MaxLen >= 0
}

// parseDate reads a yyyy-mm-dd date.
func parseDate(s string) (time.Time, bool) {
	t, err := time.Parse("2006-01-02", s)
	return t, err == nil
}
