package staff

import (
	"embed"
	"fmt"
	"html/template"
	"net/url"
	"strconv"
	"time"

	"github.com/beboerprojekt-nordvest/tilmeld/domain"
	"github.com/beboerprojekt-nordvest/tilmeld/locales"
	"github.com/beboerprojekt-nordvest/tilmeld/web/ui"
	"github.com/gin-gonic/gin"
)

// staffPageNames are the staff pages; each is parsed with the staff
// layout and the shared field templates, and rendered by s.render under
// its name.
var staffPageNames = []string{"login", "password", "message", "link", "profile", "accounts", "activities", "people", "audit",
	"activity", "edit", "signup", "assist", "rollcall", "attendance", "referrals", "referral", "partners",
	"summary", "indicators", "person", "replies"}

//go:embed templates/*.html
var templateFS embed.FS

// parseStaffPages parses the staff pages, each with the staff layout.
func (s *Server) parseStaffPages() error {
	s.pages = map[string]*template.Template{}
	for _, n := range staffPageNames {
		t, err := ui.Parse(templateFS, "layout.html", n+".html")
		if n == "person" {
			// Her own copy of her data is in her language, in the layout
			// residents know.
			t, err = ui.ParsePublic(templateFS, n+".html")
		}
		if err != nil {
			return fmt.Errorf("staff: template %s: %w", n, err)
		}
		s.pages[n] = t
	}
	return nil
}

// page is a page of the workspace: the shared page, with the ways staff
// pages write times, statuses and areas.
type page struct{ *ui.Page }

// staffData is what the staff layout needs around every page's own data.
type staffData struct {
	Me     *domain.Staff // nil on the login and password pages
	Notice string        // what the last action did, from ?done=
	Error  string        // why it did not, from ?error=
	CSS    string
	JS     string
	Langs  []ui.LangLink // language links, on pages without a session
	Body   any           // the page's own data
}

// staffPage makes a page in the person's language with the staff chrome.
func (s *Server) staffPage(c *gin.Context, titleID string, body any) *page {
	p := s.newPage(c, titleID)
	d := &staffData{CSS: s.assets.CSSPath(), JS: s.assets.JSPath(), Body: body,
		Notice: flash(p, "staff.notice.", c.Query("done")), Error: flash(p, "staff.error.", c.Query("error"))}
	if me, ok := c.Get(ctxStaff); ok {
		m := me.(domain.Staff)
		d.Me = &m
	} else {
		d.Langs = p.LinksTo(staffLangs())
	}
	p.Data = d
	return p
}

// flash translates a short key from the address, e.g. ?done=saved, into
// the message prefix+key. Only plain keys with a message are shown, so the
// address cannot put words of its own on the page.
func flash(p *page, prefix, key string) string {
	if key == "" || len(key) > 40 {
		return ""
	}
	for _, r := range key {
		if !(r >= 'a' && r <= 'z' || r == '_') {
			return ""
		}
	}
	if msg := p.T(prefix + key); msg != prefix+key {
		return msg
	}
	return ""
}

// withFlash adds ?done= or ?error= to an address to redirect to.
func withFlash(path, kind, key string) string {
	return path + "?" + url.Values{kind: {key}}.Encode()
}

// message is the data of a one-message page.
type message struct {
	BodyID   string
	BodyArgs []any
}

// Body translates the message's text.
func (m message) Body(p *page) string { return p.T(m.BodyID, m.BodyArgs...) }

// newPage is a page in the language chosen for the request.
func (s *Server) newPage(c *gin.Context, titleID string) *page {
	p := &page{ui.NewPage(s.bundle, s.tz, c.GetString(ui.CtxLang))}
	p.Path, p.CSSPath, p.Plan = ui.LocalPath(c.Request.URL.Path), s.cfg.CSSPath, s.plan
	if titleID != "" {
		p.Title = p.T(titleID)
	}
	return p
}

// staffMessage shows a one-message page in the staff layout.
func (s *Server) staffMessage(c *gin.Context, status int, titleID, bodyID string, args ...any) {
	p := s.staffPage(c, titleID, message{BodyID: bodyID, BodyArgs: args})
	s.render(c, status, "message", p)
}

// Local writes a moment the way staff read a session's time: weekday,
// date and clock, in the plan's time zone.
func (p *page) Local(t time.Time) string {
	lt := t.In(p.Zone())
	return p.T("staff.when", "Weekday", p.T("staff.weekday."+strconv.Itoa(int(lt.Weekday()))),
		"Date", p.Date(lt), "Time", p.Time(lt))
}

// Status names a sign-up status in the page's language; it takes the
// status as stored or as read back from an audit line's detail.
func (p *page) Status(st any) string { return p.T("staff.status." + fmt.Sprint(st)) }

// AreaName names one of the plan's areas in the page's language.
func (p *page) AreaName(a domain.Area) string {
	for _, x := range p.Plan.Areas {
		if x.Key == a {
			return x.Name.In(p.Lang.Tag)
		}
	}
	return string(a)
}

// fieldErrors translates validation errors, keyed by field name.
func (p *page) fieldErrors(errs []domain.FieldError) map[string]string {
	out := map[string]string{}
	for _, e := range errs {
		if _, seen := out[e.Field]; !seen {
			out[e.Field] = p.FieldError(e)
		}
	}
	return out
}

// CapacityText is an activity's number of places, or "no limit".
func (p *page) CapacityText(capacity *int) string {
	if capacity == nil {
		return p.T("staff.activity.no_limit")
	}
	return strconv.Itoa(*capacity)
}

// Numbers says in words how full an activity is: "12 af 15 pladser
// taget · 3 på venteliste", "4 tilmeldt, ingen grænse for antal pladser";
// the waiting list only when someone is on it. It used to say "0 af
// ingen grænse pladser · 0 på venteliste".
func (p *page) Numbers(capacity *int, c domain.Counts) string {
	var s string
	if capacity == nil {
		s = p.T("staff.activity.count.open", "Count", c.Confirmed)
	} else {
		s = p.T("staff.activity.count.limited", "Confirmed", c.Confirmed, "Count", *capacity)
	}
	if c.Waitlisted > 0 {
		s += " · " + p.T("staff.activity.count.waiting", "Count", c.Waitlisted)
	}
	return s
}

// LocalDate writes the calendar date of a moment in the plan's time zone.
func (p *page) LocalDate(t time.Time) string { return p.Date(t.In(p.Zone())) }

// LangName is a language's name in itself, e.g. العربية for ar.
func (p *page) LangName(tag string) string {
	if l, ok := locales.Lookup(tag); ok {
		return l.Name
	}
	return tag
}
