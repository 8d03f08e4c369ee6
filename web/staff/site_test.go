package staff_test

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/beboerprojekt-nordvest/tilmeld/domain"
	"github.com/beboerprojekt-nordvest/tilmeld/locales"
	"github.com/beboerprojekt-nordvest/tilmeld/plans"
	"github.com/beboerprojekt-nordvest/tilmeld/store"
	"github.com/beboerprojekt-nordvest/tilmeld/store/storetest"
	"github.com/beboerprojekt-nordvest/tilmeld/web"
)

const baseURL = "https://tilmeld.example.dk"

// The staff workspace is tested mounted in the whole service, as residents
// and staff meet it: site is the service on a fresh database seeded with
// the real catalogue, plus the log it writes. (web's tests have the same
// scaffolding; test files cannot be shared between packages.)
type site struct {
	t   *testing.T
	h   http.Handler
	st  *store.Store
	log *bytes.Buffer
}

func newSite(t *testing.T) *site {
	s, _ := newSiteBehindProxy(t, web.Config{BaseURL: baseURL})
	return s
}

// newSiteWith is a site with its own configuration.
func newSiteWith(t *testing.T, cfg web.Config) *site {
	s, _ := newSiteBehindProxy(t, cfg)
	return s
}

// newSiteBehindProxy reaches its database through a relay the test can cut.
func newSiteBehindProxy(t *testing.T, cfg web.Config) (*site, *storetest.Proxy) {
	t.Helper()
	proxy, dbURL := storetest.NewProxy(t, storetest.NewDatabase(t))
	return siteOn(t, dbURL, cfg), proxy
}

// siteOn is one instance of the service on the database at dbURL, which
// it migrates and seeds if need be; several may share one database.
func siteOn(t *testing.T, dbURL string, cfg web.Config) *site {
	t.Helper()
	st, err := store.Open(context.Background(), dbURL, storetest.WithKeys())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	if err := st.Migrate(context.Background()); err != nil {
		t.Fatal(err)
	}
	acts := testPlan(t).Activities
	if _, err := st.SeedActivities(context.Background(), acts); err != nil {
		t.Fatal(err)
	}
	bundle, err := locales.Bundle()
	if err != nil {
		t.Fatal(err)
	}
	var logBuf bytes.Buffer
	h, err := web.New(st, testPlan(t), bundle, slog.New(slog.NewJSONHandler(&logBuf, nil)), cfg)
	if err != nil {
		t.Fatal(err)
	}
	return &site{t: t, h: h, st: st, log: &logBuf}
}

type response struct {
	*http.Response
	body string
}

func (s *site) do(req *http.Request) response {
	s.t.Helper()
	rec := httptest.NewRecorder()
	s.h.ServeHTTP(rec, req)
	res := rec.Result()
	b, _ := io.ReadAll(res.Body)
	return response{res, string(b)}
}

func (s *site) get(path string, headers ...string) response {
	req := httptest.NewRequest(http.MethodGet, path, nil)
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	return s.do(req)
}

func (s *site) post(path string, form url.Values) response {
	req := httptest.NewRequest(http.MethodPost, path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return s.do(req)
}

// idem reads the idempotency token out of a rendered form.
func idem(t *testing.T, body string) string {
	t.Helper()
	m := regexp.MustCompile(`name="_idem" value="([^"]+)"`).FindStringSubmatch(body)
	if m == nil {
		t.Fatal("form has no idempotency token")
	}
	return m[1]
}

func mamaMoveForm(token string) url.Values {
	return url.Values{
		"_idem": {token}, "name": {"Testperson Alfa"}, "phone": {"22 33 44 55"},
		"department": {"fsb-01-29"}, "children_count": {"2"}, "children_ages": {"3 og 7"}, "consent": {"yes"},
	}
}

var referencePattern = regexp.MustCompile(`<p class="ref" dir="ltr">([A-Z0-9]{6})</p>`)

func reference(t *testing.T, body string) string {
	t.Helper()
	m := referencePattern.FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("no reference on the page:\n%s", body)
	}
	return m[1]
}

// testPlan is the embedded Beboerprojekt Nordvest plan the tests run with.
func testPlan(t testing.TB) *domain.Plan {
	t.Helper()
	p, err := plans.Default()
	if err != nil {
		t.Fatal(err)
	}
	return p
}
