package web

import (
	"fmt"
	"html/template"
	"io"
	"log/slog"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/beboerprojekt-nordvest/tilmeld/domain"
	"github.com/beboerprojekt-nordvest/tilmeld/locales"
	"github.com/beboerprojekt-nordvest/tilmeld/store"
	"github.com/gin-gonic/gin"
)

// TestCachedConfirmationIsTheTemplatesPage holds the confirmation cache to
// the template: for every language, both statuses, many positions and
// counts (plural forms, each language's digits), and an activity title
// full of characters HTML must escape, the page made from the cached
// copy is byte for byte the page the template makes for her.
func TestCachedConfirmationIsTheTemplatesPage(t *testing.T) {
	t.Parallel()
	s := renderServer(t)
	acts := testPlan(t).Activities
	for _, act := range acts[:3] {
		if act.Slug == acts[1].Slug {
			act.Texts.Title = domain.Text{"da": `Mødre & børn <"leg"> + 'dans'`, "ar": "أمهات & <أطفال>"}
		}
		capacity := 20
		act.Capacity = &capacity
		e := &cachedActivity{pages: map[string][]byte{}}
		for _, l := range locales.Languages {
			for _, n := range []int{0, 1, 2, 3, 5, 11, 19, 20, 21, 22, 100, 101, 1234} {
				a := store.ActivityWithCounts{Activity: act, Counts: domain.Counts{Confirmed: min(n, 20), Waitlisted: max(n-20, 0)}}
				su := domain.Signup{Reference: fmt.Sprintf("R%05d", n), CancelToken: fmt.Sprintf("tok-%040d", n),
					Status: domain.StatusConfirmed, CreatedAt: time.Now()}
				if n > 20 {
					su.Status, su.Position = domain.StatusWaitlisted, n-20
				}
				got := confirmationVia(t, s, l.Tag, act.Slug, func(c *gin.Context) { s.renderConfirmation(c, e, a, su) })
				want := confirmationVia(t, s, l.Tag, act.Slug, func(c *gin.Context) {
					p := s.newPage(c, "confirmation.title", nil)
					p.Data = s.confirmationData(p, a, su)
					s.render(c, 200, "confirmation", p)
				})
				if got != want {
					t.Fatalf("%s %s n=%d: cached page differs from the template's\n got: %s\nwant: %s", act.Slug, l.Tag, n, got, want)
				}
				if !strings.Contains(got, su.Reference) || !strings.Contains(got, "/afmeld/"+su.CancelToken) || strings.Contains(got, "MARKER") {
					t.Fatalf("%s %s n=%d: reference, cancel link or a marker wrong:\n%s", act.Slug, l.Tag, n, got)
				}
			}
		}
	}
}

func confirmationVia(t *testing.T, s *Server, lang, slug string, render func(*gin.Context)) string {
	t.Helper()
	w := httptest.NewRecorder()
	c, _ := gin.CreateTestContext(w)
	c.Request = httptest.NewRequest("POST", "/a/"+slug, nil)
	c.Set(ctxLang, lang)
	render(c)
	if w.Code != 200 {
		t.Fatalf("status %d", w.Code)
	}
	return w.Body.String()
}

// renderServer is a Server for rendering alone, with no store behind it.
func renderServer(tb testing.TB) *Server {
	tb.Helper()
	gin.SetMode(gin.ReleaseMode)
	bundle, err := locales.Bundle()
	if err != nil {
		tb.Fatal(err)
	}
	s, err := New(nil, testPlan(tb), bundle, slog.New(slog.NewTextHandler(io.Discard, nil)), Config{BaseURL: "https://tilmeld.example"})
	if err != nil {
		tb.Fatal(err)
	}
	return s
}

// TestHTMLTextEscapesAsTheTemplateDoes: the values put into a cached page
// are escaped exactly as html/template would have escaped them there.
func TestHTMLTextEscapesAsTheTemplateDoes(t *testing.T) {
	t.Parallel()
	tmpl := template.Must(template.New("p").Parse(`<p>{{.}}</p>`))
	for _, in := range []string{"plain", `<script>alert("x")</script>`, "Tom & Jerry's + more", "nul\x00byte",
		"\u2068أمهات\u2069 & <أطفال>", "١٢ مكان متبقٍ", "100 % > 99 % < 101"} {
		var want strings.Builder
		if err := tmpl.Execute(&want, in); err != nil {
			t.Fatal(err)
		}
		if got := "<p>" + htmlText(in) + "</p>"; got != want.String() {
			t.Errorf("%q: got %s, html/template gives %s", in, got, want.String())
		}
	}
}
