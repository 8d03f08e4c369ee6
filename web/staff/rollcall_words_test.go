package staff_test

import (
	"net/url"
	"strconv"
	"strings"
	"testing"
)

// TestRollCallSaysNotComeOnlyOnceItHasBegun: before anyone is marked,
// nobody is "ikke mødt"; once someone is, those still unmarked are.
func TestRollCallSaysNotComeOnlyOnceItHasBegun(t *testing.T) {
	t.Parallel()
	_, b, a, people := rollCallSetup(t)
	first := sessionPath(a, 0)
	if body := b.get(first).body; strings.Contains(body, `<span class="state">ikke mødt</span>`) {
		t.Error(`the roll says "ikke mødt" before anyone is marked`)
	}
	b.post(first, url.Values{"signup": {people[0].ID}, "present": {"1"}})
	body := b.get(first).body
	if got := strings.Count(body, `<span class="state">ikke mødt</span>`); got != 2 {
		t.Errorf(`%d people "ikke mødt" after one came, want the other 2`, got)
	}
}

// TestSignupListPhonesAreTapToCall: each phone number on an activity's
// sign-up list is a tel: link, so staff call with one tap.
func TestSignupListPhonesAreTapToCall(t *testing.T) {
	t.Parallel()
	_, b, a, _ := rollCallSetup(t)
	body := b.get("/staff/activities/" + strconv.FormatInt(a.ID, 10)).body
	mustContain(t, "sign-up list", body, `<a href="tel:&#43;4522334401" class="tel" dir="ltr">&#43;4522334401</a>`)
}
