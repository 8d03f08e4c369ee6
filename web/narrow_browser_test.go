package web_test

import (
	"context"
	"fmt"
	"github.com/beboerprojekt-nordvest/tilmeld/web/internal/browsertest"
	"net/http"
	"testing"
	"time"

	"github.com/beboerprojekt-nordvest/tilmeld/locales"
	"github.com/chromedp/chromedp"
)

// narrowWidth is the narrowest phone screen still sold (an iPhone SE of
// the first generation, small Androids at large text): a page that fits
// here fits everywhere.
const narrowWidth = 320

// TestNoPublicPageScrollsSidewaysAt320px opens every public page in every
// language on a 320 px wide screen and checks that none is wider than the
// screen: a long Danish word such as "Familieoplevelsesklubben" in a
// heading must wrap, not push the page sideways or be clipped. One browser
// and one tab serve every page, to keep the test quick.
func TestNoPublicPageScrollsSidewaysAt320px(t *testing.T) {
	b, site := startSharedBrowser(t, 4*time.Minute)
	acts, err := site.st.ListActivities(b.ctx, true)
	if err != nil {
		t.Fatal(err)
	}
	closed := acts[len(acts)-1]
	tab := b.phoneTab(t)
	browsertest.Step(t, tab, "narrow the tab", chromedp.EmulateViewport(narrowWidth, phoneHeight, chromedp.EmulateScale(2), chromedp.EmulateMobile))
	pages := 0
	for i, l := range locales.Languages {
		t.Run(l.Tag, func(t *testing.T) {
			n := &narrowCheck{t: t, tab: tab, lang: l.Tag}
			q := "?lang=" + l.Tag
			n.open("home", site.URL+"/"+q, http.StatusOK)
			for _, act := range acts {
				n.open("form "+act.Slug, site.URL+"/a/"+act.Slug+q, http.StatusOK)
			}
			n.open("form mamamove", site.URL+"/a/mamamove"+q, http.StatusOK)
			n.submit("form with errors", http.StatusUnprocessableEntity)
			phone := fmt.Sprintf("22 33 47 1%d", i)
			fillMamaMove(t, tab, mamaMoveAnswers{Name: "Testperson Theta", Phone: phone, Children: "1"})
			n.submit("confirmation", http.StatusOK)
			cancelURL := browsertest.JS[string](t, tab, "read the cancel link", `document.querySelector('a[href*="/afmeld/"]').href`)
			n.open("form mamamove", site.URL+"/a/mamamove"+q, http.StatusOK)
			fillMamaMove(t, tab, mamaMoveAnswers{Name: "Testperson Theta", Phone: phone, Children: "1"})
			n.submit("already signed up", http.StatusOK)
			n.open("cancel", cancelURL+q, http.StatusOK)
			n.submit("cancelled", http.StatusOK)
			n.submit("deleted", http.StatusOK)
			n.open("privacy notice", site.URL+"/privatliv"+q, http.StatusOK)
			setOpen(t, site, closed.ID, false)
			n.open("closed activity", site.URL+"/a/"+closed.Slug+q, http.StatusOK)
			setOpen(t, site, closed.ID, true)
			n.open("page not found", site.URL+"/a/findes-ikke"+q, http.StatusNotFound)
			n.open("cancel link not found", site.URL+"/afmeld/findes-ikke"+q, http.StatusNotFound)
			pages += n.pages
		})
	}
	t.Logf("%d pages in %d languages fit %d px", pages, len(locales.Languages), narrowWidth)
}

// narrowCheck opens pages in one tab and checks each fits the screen.
type narrowCheck struct {
	t     *testing.T
	tab   context.Context
	lang  string
	pages int
}

func (n *narrowCheck) open(name, url string, status int64) {
	n.t.Helper()
	resp := browsertest.Value(n.t, n.tab, "open "+url, chromedp.NavigateResponse(url))
	if resp.Status != status {
		n.t.Fatalf("%s: open %s: status %d, want %d", name, url, resp.Status, status)
	}
	n.check(name)
}

func (n *narrowCheck) submit(name string, status int64) {
	n.t.Helper()
	if got := browsertest.SubmitForm(n.t, n.tab); got != status {
		n.t.Fatalf("%s: status %d, want %d", name, got, status)
	}
	n.check(name)
}

func (n *narrowCheck) check(name string) {
	n.t.Helper()
	n.pages++
	if o := browsertest.JS[overflow](n.t, n.tab, "measure the page", measureOverflow); o.ScrollWidth > o.ClientWidth || len(o.Culprits) > 0 {
		n.t.Errorf("%s, %s: the page is %d px wide on a %d px screen; sticking out or clipped: %q", n.lang, name, o.ScrollWidth, o.ClientWidth, o.Culprits)
	}
}

// overflow is how wide the page is against the screen, and the innermost
// elements that stick out past its edges. Both count: in a right-to-left
// page, text sticking out to the right does not widen the page, it is
// just cut off.
type overflow struct {
	ScrollWidth int      `json:"scrollWidth"`
	ClientWidth int      `json:"clientWidth"`
	Culprits    []string `json:"culprits"`
}

// measureOverflow measures the page. Elements clipped by overflow:hidden
// would not widen the page but would still hide text, so they count too.
const measureOverflow = `(() => {
	const d = document.documentElement, w = d.clientWidth;
	const out = el => { const r = el.getBoundingClientRect(); return r.width > 1 && (r.right > w + 1 || r.left < -1); };
	const culprits = [];
	for (const el of document.body.querySelectorAll("*")) {
		const clipped = el.clientWidth > 1 && el.scrollWidth > el.clientWidth + 1 && getComputedStyle(el).overflowX === "hidden";
		if ((out(el) && !Array.from(el.children || []).some(out)) || clipped) {
			culprits.push(el.tagName.toLowerCase() + (typeof el.className === "string" && el.className ? "." + el.className.split(" ")[0] : "") + ": " + (el.textContent || "").trim().slice(0, 40));
		}
	}
	return {scrollWidth: d.scrollWidth, clientWidth: w, culprits: culprits.slice(0, 5)};
})()`
