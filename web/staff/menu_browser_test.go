package staff_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/beboerprojekt-nordvest/tilmeld/domain"
	"github.com/beboerprojekt-nordvest/tilmeld/web/internal/browsertest"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// TestStaffMenuFitsTwoRowsOnAPhone: on a 360 and a 320 px phone, an
// admin's menu (the longest there is) and a plain staff member's take at
// most two rows, never scroll sideways, show "Log ud" without a swipe,
// and reach every page by keyboard through the "Mere" disclosure.
func TestStaffMenuFitsTwoRowsOnAPhone(t *testing.T) {
	for _, role := range []domain.Role{domain.RoleAdmin, domain.RoleStaff} {
		for _, lang := range []string{"da", "en"} {
			t.Run(string(role)+"-"+lang, func(t *testing.T) {
				ctx, site := startBrowserTest(t)
				staffInBrowserAs(t, ctx, site, lang, role)
				want := []string{"/staff/", "/staff/referrals", "/staff/people", "/staff/partners",
					"/staff/summary", "/staff/indicators", "/staff/replies", "/staff/profile"}
				if role == domain.RoleAdmin {
					want = append(want, "/staff/accounts", "/staff/audit")
				}
				for _, width := range []int64{360, 320} {
					browsertest.Step(t, ctx, "resize", chromedp.EmulateViewport(width, phoneHeight, chromedp.EmulateScale(2), chromedp.EmulateMobile))
					browsertest.OpenPage(t, ctx, site.URL+"/staff/")
					checkMenuFits(t, ctx, int(width), lang)
					shoot(t, ctx, fmt.Sprintf("staff-menu-%s-%s-%d.png", role, lang, width))
				}
				if got := tabThroughMenu(t, ctx); !sameSet(got, want) {
					t.Errorf("by keyboard the menu reaches %v, want %v", got, want)
				}
				// Opened by keyboard, the panel stays on the 320 px screen.
				checkMenuFits(t, ctx, 320, lang)
				if w := browsertest.JS[float64](t, ctx, "measure the open panel",
					`document.querySelector(".nav details ul").getBoundingClientRect().right`); w > 320 {
					t.Errorf("the open menu panel reaches %.0f px on a 320 px phone", w)
				}
				shoot(t, ctx, fmt.Sprintf("staff-menu-%s-%s-open.png", role, lang))
			})
		}
	}
}

// checkMenuFits measures the menu as it shows on a phone width px wide.
func checkMenuFits(t *testing.T, ctx context.Context, width int, lang string) {
	t.Helper()
	rows := browsertest.JS[int](t, ctx, "count the menu's rows",
		`new Set([...document.querySelectorAll(".nav > li")].map(li => Math.round(li.getBoundingClientRect().top))).size`)
	if rows > 2 {
		t.Errorf("at %d px the menu takes %d rows, want at most 2", width, rows)
	}
	if over := browsertest.JS[int](t, ctx, "compare the menu's widths",
		`(n => n.scrollWidth - n.clientWidth)(document.querySelector(".nav"))`); over > 0 {
		t.Errorf("at %d px the menu scrolls sideways by %d px", width, over)
	}
	if w := browsertest.JS[int](t, ctx, "read the page width", `document.documentElement.scrollWidth`); w > width {
		t.Errorf("the page is %d px wide on a %d px phone", w, width)
	}
	logout := map[string]string{"da": "Log ud", "en": "Log out"}[lang]
	seen := browsertest.JS[bool](t, ctx, "find Log ud", fmt.Sprintf(`(() => {
		const b = [...document.querySelectorAll(".nav button")].find(b => b.textContent.trim() === %q);
		if (!b) return false;
		const r = b.getBoundingClientRect();
		return r.width > 0 && r.left >= 0 && r.right <= innerWidth && r.top >= 0 && r.bottom <= innerHeight;
	})()`, logout))
	if !seen {
		t.Errorf("at %d px %q is not on the screen without scrolling", width, logout)
	}
	if h := browsertest.JS[float64](t, ctx, "measure the menu's targets",
		`Math.min(...[...document.querySelectorAll(".nav a, .nav button, .nav summary")].filter(e => e.getClientRects().length).map(a => a.getBoundingClientRect().height))`); h < 44 {
		t.Errorf("at %d px the smallest menu target is %.0f px high; a thumb needs 44", width, h)
	}
}

// tabThroughMenu starts at the top of the page and presses Tab through
// the menu, Enter on "Mere" to open it, until the focus leaves the menu;
// it returns the links the focus reached.
func tabThroughMenu(t *testing.T, ctx context.Context) []string {
	t.Helper()
	browsertest.JS[bool](t, ctx, "blur", `(document.activeElement.blur(), true)`)
	var hrefs []string
	inMenu := false
	for range 30 {
		browsertest.Step(t, ctx, "press Tab", chromedp.KeyEvent(kb.Tab))
		what := browsertest.JS[string](t, ctx, "read the focus", `(e => !e.closest(".nav") ? (e.closest("header") ? "header" : "out") :
			e.tagName === "SUMMARY" ? "summary" : e.tagName === "BUTTON" ? "button" : e.getAttribute("href"))(document.activeElement)`)
		if what == "header" || what == "out" {
			if inMenu {
				return hrefs
			}
			continue // the skip link and the brand come first
		}
		inMenu = true
		switch what {
		case "summary":
			if !browsertest.JS[bool](t, ctx, "is Mere open", `document.querySelector(".nav details").open`) {
				browsertest.Step(t, ctx, "press Enter on Mere", chromedp.KeyEvent(kb.Enter))
			}
		case "button":
		default:
			hrefs = append(hrefs, what)
		}
	}
	t.Fatal("30 Tabs never left the menu")
	return nil
}

// sameSet reports whether a and b hold the same strings.
func sameSet(a, b []string) bool {
	a, b = slices.Clone(a), slices.Clone(b)
	slices.Sort(a)
	slices.Sort(b)
	return strings.Join(a, " ") == strings.Join(b, " ")
}

// shoot keeps a screenshot in the test's temporary folder, named in the
// log, so parallel runs never overwrite each other's pictures.
func shoot(t *testing.T, ctx context.Context, name string) {
	t.Helper()
	png := browsertest.Value(t, ctx, "take screenshot "+name, chromedp.FullScreenshot(100))
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, png, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("screenshot: %s", path)
}
