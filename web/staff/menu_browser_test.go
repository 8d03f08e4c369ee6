package staff_test

import (
	"testing"

	"github.com/beboerprojekt-nordvest/tilmeld/web/internal/browsertest"
)

// TestStaffMenuFitsTwoRowsOnAPhone: an admin's menu, the longest there is,
// takes at most two rows on a 360 px phone in Danish and English, with
// every link still a 44 px target and nothing scrolling sideways.
func TestStaffMenuFitsTwoRowsOnAPhone(t *testing.T) {
	for _, lang := range []string{"da", "en"} {
		t.Run(lang, func(t *testing.T) {
			ctx, site := startBrowserTest(t)
			staffInBrowser(t, ctx, site, lang)
			browsertest.OpenPage(t, ctx, site.URL+"/staff/")
			rows := browsertest.JS[int](t, ctx, "count the menu's rows",
				`new Set([...document.querySelectorAll(".nav > li")].map(li => Math.round(li.getBoundingClientRect().top))).size`)
			if rows > 2 {
				t.Errorf("the menu takes %d rows on a %d px phone, want at most 2", rows, phoneWidth)
			}
			if h := browsertest.JS[float64](t, ctx, "measure the menu's links",
				`Math.min(...[...document.querySelectorAll(".nav a, .nav button")].map(a => a.getBoundingClientRect().height))`); h < 44 {
				t.Errorf("the smallest menu link is %.0f px high; a thumb needs 44", h)
			}
			if w := browsertest.JS[int](t, ctx, "read the page width", `document.documentElement.scrollWidth`); w > phoneWidth {
				t.Errorf("the page is %d px wide on a %d px phone", w, phoneWidth)
			}
			browsertest.SaveScreenshot(t, ctx, "staff-menu-"+lang+".png")
		})
	}
}
