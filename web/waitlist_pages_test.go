package web_test

import (
	"net/http"
	"regexp"
	"strings"
	"testing"
)

// TestFullActivityAndWaitingListReadAsSentences fills MamaMove up and
// signs up once more. The form says in a sentence that all places are
// taken, never "Fuldt – venteliste (0 venter)"; the confirmation of a
// waiting-list place looks and reads unlike a real place; and the next
// visitor reads how many are waiting.
func TestFullActivityAndWaitingListReadAsSentences(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	if _, err := s.st.DB().Exec(`UPDATE activities SET capacity = 0 WHERE slug = 'mamamove'`); err != nil {
		t.Fatal(err)
	}
	form := s.get("/a/mamamove")
	if want := "Alle pladser er taget. Du kan skrive dig på ventelisten."; !strings.Contains(form.body, want) {
		t.Errorf("the full form does not say %q", want)
	}
	if strings.Contains(form.body, "(0 venter)") {
		t.Error(`the full form says "(0 venter)"`)
	}

	res := s.post("/a/mamamove", mamaMoveForm(idem(t, form.body)))
	if res.StatusCode != http.StatusOK {
		t.Fatalf("sign-up: status %d", res.StatusCode)
	}
	for _, want := range []string{`<div class="panel waitlist" role="status">`, "<h1>Du er på ventelisten</h1>",
		"Du har ikke fået en plads endnu.", "Du er nummer 1 på ventelisten."} {
		if !strings.Contains(res.body, want) {
			t.Errorf("the waiting-list confirmation lacks %s", want)
		}
	}
	if strings.Contains(res.body, `<div class="panel" role="status">`) || strings.Contains(res.body, "Du har fået en plads") {
		t.Error("the waiting-list confirmation looks or reads like a place")
	}
	if want := "Alle pladser er taget. 1 person står på ventelisten."; !strings.Contains(s.get("/a/mamamove").body, want) {
		t.Errorf("with one waiting, the form does not say %q", want)
	}
	if want := "كل الأماكن محجوزة. شخص واحد في قائمة الانتظار."; !strings.Contains(s.get("/a/mamamove?lang=ar").body, want) {
		t.Errorf("with one waiting, the Arabic form does not say %q", want)
	}
}

var buttonClass = regexp.MustCompile(`<button type="submit"(?: class="([a-z]+)")?>`)

// TestCancelPageHasOneMainActionAndASecondaryDelete checks the cancel
// page offers cancelling as its one main (red) button and "also delete my
// data" as a plainly secondary one, not two look-alike red buttons; the
// page after cancelling offers the deletion as a secondary button too.
func TestCancelPageHasOneMainActionAndASecondaryDelete(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	res := s.post("/a/mamamove", mamaMoveForm(idem(t, s.get("/a/mamamove").body)))
	m := regexp.MustCompile(`href="[^"]*(/afmeld/[^"]+)"`).FindStringSubmatch(res.body)
	if m == nil {
		t.Fatalf("no cancel link on the confirmation:\n%s", res.body)
	}
	cancel := s.get(m[1])
	if got, want := buttonClasses(cancel.body), []string{"danger", "secondary"}; strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("cancel page buttons %q, want %q", got, want)
	}
	cancelled := s.post(m[1], nil)
	if !strings.Contains(cancelled.body, "Du er meldt fra") {
		t.Fatalf("cancelling did not work:\n%s", cancelled.body)
	}
	if got := buttonClasses(cancelled.body); strings.Join(got, " ") != "secondary" {
		t.Errorf("page after cancelling: buttons %q, want one secondary", got)
	}
}

func buttonClasses(body string) []string {
	var out []string
	for _, m := range buttonClass.FindAllStringSubmatch(body, -1) {
		out = append(out, m[1])
	}
	return out
}
