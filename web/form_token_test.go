package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/beboerprojekt-nordvest/tilmeld/domain"
	"github.com/beboerprojekt-nordvest/tilmeld/web"
)

func TestFormSentWithoutAFreshTokenKeepsHerAnswers(t *testing.T) {
	t.Parallel()
	s := newSiteWith(t, web.Config{BaseURL: baseURL, FormMinAge: 3 * time.Second})
	ck := struct{ now time.Time }{now: time.Now()}
	s.h.(*web.Server).SetClock(func() time.Time { return ck.now })
	tok := idem(t, s.get("/a/mamamove").body)
	key, at, _ := strings.Cut(tok, ".")
	forged := key + "." + strings.Replace(at, ".", "0.", 1) // another time, the same signature

	refused := map[string]func() url.Values{
		"sent at once":        func() url.Values { return mamaMoveForm(tok) },
		"no token":            func() url.Values { f := mamaMoveForm(""); f.Del("_idem"); return f },
		"a made-up token":     func() url.Values { return mamaMoveForm(domain.NewToken()) },
		"a changed timestamp": func() url.Values { return mamaMoveForm(forged) },
		"a day and an hour later": func() url.Values {
			ck.now = ck.now.Add(25 * time.Hour)
			return mamaMoveForm(tok)
		},
	}
	start := ck.now
	for name, form := range refused {
		ck.now = start
		f := form()
		f.Set("name", "Testperson Hurtig")
		f.Set("children_ages", "4 og 9")
		res := s.post("/a/mamamove", f)
		if res.StatusCode != http.StatusUnprocessableEntity {
			t.Errorf("%s: %d, want 422", name, res.StatusCode)
			continue
		}
		mustContain(t, name, res.body, "Dine svar er ikke sendt endnu", `value="Testperson Hurtig"`, `value="22 33 44 55"`, "4 og 9")
	}
	ck.now = start
	res := s.post("/a/mamamove?lang=ar", mamaMoveForm(tok))
	mustContain(t, "Arabic refusal", res.body, "لم تُرسَل الإجابات بعد")
	var n int
	if err := s.st.DB().Get(&n, `SELECT count(*) FROM signups`); err != nil || n != 0 {
		t.Fatalf("%d sign-ups stored from refused forms (%v)", n, err)
	}

	// The form that came back works once it has been open three seconds.
	again := idem(t, res.body)
	ck.now = start.Add(2 * time.Second)
	if res := s.post("/a/mamamove", mamaMoveForm(again)); res.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("the returned form sent after two seconds: %d", res.StatusCode)
	}
	ck.now = start.Add(3 * time.Second)
	reference(t, s.post("/a/mamamove", mamaMoveForm(again)).body)
	if a, b := strings.Split(again, ".")[0], key; a != b {
		t.Errorf("the returned form has a new idempotency key %q, want %q", a, b)
	}
}
