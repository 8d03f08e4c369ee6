package web

import (
	"net/http/httptest"
	"testing"
	"time"

	"github.com/beboerprojekt-nordvest/tilmeld/domain"
	"github.com/beboerprojekt-nordvest/tilmeld/store"
	"github.com/gin-gonic/gin"
)

// BenchmarkConfirmationPage measures the page every sign-up ends with,
// without the database: under a rush its rendering is most of the
// service's own work per sign-up.
func BenchmarkConfirmationPage(b *testing.B) {
	s := renderServer(b)
	acts := testPlan(b).Activities
	var a store.ActivityWithCounts
	for _, act := range acts {
		if act.Slug == "mamamove" {
			a.Activity = act
		}
	}
	a.Counts = domain.Counts{Confirmed: 12, Waitlisted: 3}
	su := domain.Signup{Reference: "K7M2QX", CancelToken: "tok-abcdefghijklmnopqrstuvwxyz", Status: domain.StatusWaitlisted, Position: 3, CreatedAt: time.Now()}
	e := &cachedActivity{ActivityWithCounts: a, pages: map[string][]byte{}}
	for _, lang := range []string{"da", "ar"} {
		b.Run(lang, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				w := httptest.NewRecorder()
				c, _ := gin.CreateTestContext(w)
				c.Request = httptest.NewRequest("POST", "/a/mamamove", nil)
				c.Set(ctxLang, lang)
				s.renderConfirmation(c, e, a, su)
				if w.Code != 200 {
					b.Fatal(w.Code)
				}
			}
		})
	}
}
