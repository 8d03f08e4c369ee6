package domain

import (
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"strings"
	"time"
)

// Message ids for an age outside the activity's range. An activity with
// only a lower (or only an upper) age gets its own message, so an 18+
// activity never reads "between 18 and  years".
const (
	ErrCodeAgeRange = "error.age_range"
	ErrCodeAgeMin   = "error.age_min"
	ErrCodeAgeMax   = "error.age_max"
)

// Signup is one resident's sign-up for one activity.
type Signup struct {
	ID             int64
	ActivityID     int64
	Seq            int // arrival order within the activity
	Reference      string
	CancelToken    string
	IdempotencyKey string
	Status         Status
	Name           string
	Phone          string // E.164
	Department     string
	Age            *int
	Answers        Answers
	Lang           string
	ConsentVersion string
	ConsentedAt    time.Time
	CreatedAt      time.Time
	// Position is the place on the waiting list (1 is next), 0 otherwise.
	Position int
	// AssistedBy is the staff member who filled in the form for her (at a
	// door, in the office), 0 when she signed up herself; ConsentReadIn is
	// the language that staff member read the consent text aloud in.
	AssistedBy    int64
	ConsentReadIn string
	// ConsentLang and ConsentBy are the consent record as stored (see
	// Consent); empty on a sign-up not yet stored.
	ConsentLang string
	ConsentBy   ConsentBy
	// ErasedAt is when the personal fields were erased; zero while kept.
	ErasedAt time.Time
	// NoSMS: she unticked "send me SMS about this sign-up", so nothing is
	// texted about it. The zero value is the form's default, ticked.
	NoSMS bool
	// OfferExpiresAt is the deadline of the offer of a place she holds
	// while on the waiting list (offer.go); zero if she holds none.
	OfferExpiresAt time.Time
	// OfferOutcome is how her last offer ended; empty if none ended.
	OfferOutcome OfferOutcome
}

// AgeOf returns the age an answer set gives, from an age or a birth year.
// From a birth year it is the age reached this calendar year, which may be
// one more than today's age: summaries count by that year-age consistently.
func AgeOf(ans Answers, now time.Time) (int, bool) {
	if n, ok := ans.Int(KeyAge); ok {
		return n, true
	}
	if y, ok := ans.Int(KeyBirthYear); ok {
		return now.Year() - y, true
	}
	return 0, false
}

// CheckAge returns an error on the age or birth-year field when the answer
// lies outside the activity's age range. A birth year only gives the age to
// within a year, so it is given the benefit of the doubt.
func (a Activity) CheckAge(ans Answers, now time.Time) []FieldError {
	age, ok := AgeOf(ans, now)
	if !ok {
		return nil
	}
	key, lo, hi := KeyAge, age, age
	if _, exact := ans.Int(KeyAge); !exact {
		key, lo = KeyBirthYear, age-1
	}
	if (a.MinAge != nil && hi < *a.MinAge) || (a.MaxAge != nil && lo > *a.MaxAge) {
		return []FieldError{ageError(key, a.MinAge, a.MaxAge)}
	}
	return nil
}

// ageError names the bounds the activity has, and only those. Count is the
// number the unit ("years") follows, for languages whose noun agrees with it.
func ageError(field string, min, max *int) FieldError {
	switch {
	case min != nil && max != nil:
		return FieldError{Field: field, Code: ErrCodeAgeRange, Params: map[string]any{"Min": *min, "Max": *max, "Count": *max}}
	case max != nil:
		return FieldError{Field: field, Code: ErrCodeAgeMax, Params: map[string]any{"Max": *max, "Count": *max}}
	default:
		return FieldError{Field: field, Code: ErrCodeAgeMin, Params: map[string]any{"Min": deref(min), "Count": deref(min)}}
	}
}

func deref(p *int) int {
	if p == nil {
		return 0
	}
	return *p
}

// NewSignup builds a sign-up from validated answers.
func NewSignup(a Activity, ans Answers, lang, idemKey string, now time.Time) Signup {
	s := Signup{
		ActivityID:     a.ID,
		IdempotencyKey: idemKey,
		Name:           ans.String(KeyName),
		Phone:          ans.String(KeyPhone),
		Department:     ans.String(KeyDepartment),
		Answers:        ans,
		Lang:           lang,
		ConsentVersion: ConsentVersion,
		ConsentedAt:    now,
	}
	if age, ok := AgeOf(ans, now); ok {
		s.Age = &age
	}
	if s.Phone == "" {
		// Forms for minors may ask only for the guardian's phone.
		s.Phone = ans.String(KeyGuardianPhone)
	}
	s.IdempotencyKey = BindFormKey(idemKey, s.ActivityID, s.Phone, s.Name)
	return s
}

// BindFormKey ties a form's idempotency key to the activity and the person
// it was sent for: sending the same form again for her is a repeat, but
// a sister on the same family phone, or the same form sent for another
// activity, is a sign-up of her own. Only a hash is kept (SHA-256, as
// base64): the key cannot be read back out of the database.
func BindFormKey(formKey string, activityID int64, phone, name string) string {
	h := sha256.New()
	fmt.Fprintf(h, "%s\x00%d\x00%s", formKey, activityID, PersonKey(phone, name))
	return base64.RawURLEncoding.EncodeToString(h.Sum(nil))
}

// PersonKey is who a sign-up is for, as the one-per-person rule sees it:
// her number and her name, the name compared without regard to case or
// spacing. Sisters sharing a family phone are two people; the same woman
// typing her name again is one.
func PersonKey(phone, name string) string {
	return phone + "\x00" + strings.ToLower(strings.Join(strings.Fields(name), " "))
}
