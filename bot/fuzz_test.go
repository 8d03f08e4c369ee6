package bot

import (
	"encoding/json"
	"net/url"
	"regexp"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/beboerprojekt-nordvest/tilmeld/domain"
	"github.com/slack-go/slack"
)

var fuzzE164 = regexp.MustCompile(`^\+[1-9][0-9]{7,14}$`)

// FuzzReferralPayload feeds arbitrary interaction payloads through the
// same parsing a Slack request gets (form body, JSON, the modal's state)
// and the referral rules: nothing panics, and whatever is accepted has a
// valid phone or none, a note of at most 500 characters, and no
// CPR-shaped number in the name or the note.
func FuzzReferralPayload(f *testing.F) {
	good, _ := json.Marshal(viewSubmission("U1", cbReferral, "V1", "", referralValues("offer:foraeldrevejledning")))
	f.Add(string(good))
	bad := referralValues("activity:1")
	bad["note"] = textValue("cpr 010203-1234")
	badJSON, _ := json.Marshal(viewSubmission("U1", cbReferral, "V2", "", bad))
	f.Add(string(badJSON))
	f.Add(`{"type":"view_submission","view":{"state":{"values":{"phone":{"input":{"value":"٢٢٣٣٤٤٥٥"}}}}}}`)
	f.Add(`{"type":"block_actions","actions":[{"action_id":"x","value":"\u0000"}]}`)
	f.Add("not json at all")
	now := time.Date(2026, 11, 27, 12, 0, 0, 0, time.UTC)
	plan := testPlan(f)
	f.Fuzz(func(t *testing.T, payload string) {
		form, err := url.ParseQuery(url.Values{"payload": {payload}}.Encode())
		if err != nil {
			t.Fatalf("our own encoding did not parse: %v", err)
		}
		var ic slack.InteractionCallback
		if json.Unmarshal([]byte(form.Get("payload")), &ic) != nil {
			return
		}
		ref, errs := domain.ValidateReferral(plan, referralInput(ic.View), now)
		if len(errs) > 0 {
			return
		}
		if ref.Phone != "" && !fuzzE164.MatchString(ref.Phone) {
			t.Fatalf("accepted phone %q", ref.Phone)
		}
		if utf8.RuneCountInString(ref.Note) > 500 || domain.LooksLikeCPR(ref.Note) || domain.LooksLikeCPR(ref.FirstName) {
			t.Fatalf("accepted note %q / name %q", ref.Note, ref.FirstName)
		}
	})
}
