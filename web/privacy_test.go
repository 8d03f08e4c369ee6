package web_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/beboerprojekt-nordvest/tilmeld/domain"
	"github.com/beboerprojekt-nordvest/tilmeld/locales"
	"github.com/beboerprojekt-nordvest/tilmeld/store"
	"github.com/beboerprojekt-nordvest/tilmeld/web"
)

func TestPrivacyNoticeIsBuiltFromConfigurationInEveryLanguage(t *testing.T) {
	t.Parallel()
	s := newSiteWith(t, web.Config{BaseURL: baseURL, Privacy: web.Privacy{
		Controller: "Testboligselskabet", Contact: "privatliv@example.dk", RetentionDays: 200}})
	days := map[string]string{"ar": "٢٠٠", "fa": "۲۰۰"}
	for _, l := range locales.Languages {
		res := s.get("/privatliv?lang=" + l.Tag)
		want := days[l.Tag]
		if want == "" {
			want = "200"
		}
		if res.StatusCode != http.StatusOK {
			t.Fatalf("%s: %d", l.Tag, res.StatusCode)
		}
		mustContain(t, "privacy notice in "+l.Tag, res.body, `lang="`+l.Tag+`"`, "Testboligselskabet",
			"\u2066privatliv@example.dk\u2069", want, "datatilsynet.dk")
	}
	// Every public page links to it in its footer, and the form's consent
	// text links to it too.
	for _, path := range []string{"/", "/a/mamamove", "/afmeld/findes-ikke"} {
		if body := s.get(path).body; !strings.Contains(body, `<a href="/privatliv">`) {
			t.Errorf("%s has no link to the privacy notice", path)
		}
	}
	form := s.get("/a/mamamove?lang=en").body
	consent := regexp.MustCompile(`(?s)<p class="consent-text" id="f-consent-help">.*?</p>`).FindString(form)
	if !strings.Contains(consent, `<a href="/privatliv" id="f-consent-privacy">Read more about your information`) {
		t.Fatalf("the consent text does not link to the privacy notice: %s", consent)
	}
}

func TestResidentDeletesHerDataFromHerPrivateLink(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	res := s.post("/a/mamamove?lang=en", mamaMoveForm(idem(t, s.get("/a/mamamove").body)))
	link := regexp.MustCompile(`href="` + regexp.QuoteMeta(baseURL) + `(/afmeld/[A-Za-z0-9_-]{43})"`).FindStringSubmatch(res.body)
	if link == nil {
		t.Fatal("no private link")
	}
	page := s.get(link[1] + "?lang=en")
	mustContain(t, "cancel page", page.body, `action="`+link[1]+`/slet?lang=en"`, "Cancel and delete my information")
	done := s.post(link[1]+"/slet?lang=en", url.Values{})
	if done.StatusCode != http.StatusOK || !strings.Contains(done.body, "Your information has been deleted") {
		t.Fatalf("delete: %d\n%s", done.StatusCode, done.body)
	}
	su, err := s.st.SignupByToken(context.Background(), strings.TrimPrefix(link[1], "/afmeld/"))
	if err != nil || su.Name != "" || su.Phone != "" || su.Status != domain.StatusCancelled || su.ErasedAt.IsZero() {
		t.Fatalf("after deleting: %+v, %v", su, err)
	}
	lines, _ := s.st.AuditLog(context.Background(), store.SignupSubject(su.ID), domain.AuditResidentErase, 10)
	if len(lines) != 1 {
		t.Fatalf("%d audit lines for her erasure", len(lines))
	}
	if again := s.get(link[1] + "?lang=en"); !strings.Contains(again.body, "Your information has been deleted") {
		t.Fatal("the link does not say her data is gone")
	}
	if s.post("/afmeld/findes-ikke/slet", url.Values{}).StatusCode != http.StatusNotFound {
		t.Fatal("deleting through an unknown link")
	}
}

func TestChildrenNeedTheirGuardiansConsentBelowTheActivitysAge(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	form := s.get("/a/hjaelpetraener?lang=en").body
	if !strings.Contains(form, "If you are under 18, a parent must give permission.") {
		t.Fatal("the guardian's help does not name the age limit")
	}
	in := url.Values{"_idem": {idem(t, form)}, "name": {"Testperson Ung"}, "phone": {"22334411"}, "birth_year": {"2011"},
		"department": {"fsb-01-29"}, "sport": {"fodbold"}, "consent": {"yes"}}
	res := s.post("/a/hjaelpetraener?lang=en", in)
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(res.body, `<a href="#f-guardian_consent">`) {
		t.Fatalf("a 15-year-old without her parent: %d", res.StatusCode)
	}
}
