package web_test

import (
	"html"
	"net/http"
	"regexp"
	"testing"
)

var cancelLink = regexp.MustCompile(`href="` + regexp.QuoteMeta(baseURL) + `/afmeld/([^"]+)"`)
var anotherLink = regexp.MustCompile(`<a href="(/a/mamamove\?lang=[a-z]+)">`)

func TestSistersOnOnePhoneEachGetTheirOwnSignupAndLink(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	first := mamaMoveForm(idem(t, s.get("/a/mamamove").body))
	first.Set("name", "Testperson Søster Et")
	one := s.post("/a/mamamove", first)
	refOne, linkOne := reference(t, one.body), cancelLink.FindStringSubmatch(one.body)

	// The second sister sends the same form again, with her own name (the
	// back button on the family phone).
	second := mamaMoveForm(first.Get("_idem"))
	second.Set("name", "Testperson Søster To")
	two := s.post("/a/mamamove", second)
	refTwo, linkTwo := reference(t, two.body), cancelLink.FindStringSubmatch(two.body)
	if linkOne == nil || linkTwo == nil {
		t.Fatal("a confirmation without a cancel link")
	}
	if refOne == refTwo || linkOne[1] == linkTwo[1] {
		t.Fatalf("the second sister got the first one's sign-up: %s %s", refTwo, linkTwo[1])
	}

	// The confirmation offers a fresh form for a third.
	m := anotherLink.FindStringSubmatch(two.body)
	if m == nil {
		t.Fatalf("no link to sign up another person:\n%s", two.body)
	}
	fresh := s.get(html.UnescapeString(m[1]))
	third := mamaMoveForm(idem(t, fresh.body))
	third.Set("name", "Testperson Søster Tre")
	refThree := reference(t, s.post("/a/mamamove", third).body)

	// The same sister twice is still one sign-up.
	again := s.post("/a/mamamove", second)
	if again.StatusCode != http.StatusOK || reference(t, again.body) != refTwo {
		t.Fatalf("the second sister's form sent twice: %d", again.StatusCode)
	}
	var n int
	if err := s.st.DB().Get(&n, `SELECT count(*) FROM signups`); err != nil || n != 3 {
		t.Fatalf("%d sign-ups, want 3 (%v); references %s %s %s", n, err, refOne, refTwo, refThree)
	}
	for i, link := range []string{linkOne[1], linkTwo[1]} {
		if res := s.get("/afmeld/" + link); res.StatusCode != http.StatusOK {
			t.Errorf("sister %d's cancel link: %d", i+1, res.StatusCode)
		}
	}
}
