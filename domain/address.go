package domain

import (
	"maps"
	"strconv"
	"strings"
)

// The department question can be answered with an address: the street
// (chosen from the plan's streets) and the house number, sent beside the
// department's own answer under these names.
func StreetInput(fieldKey string) string { return fieldKey + "-street" }

// NumberInput is the name the house number is sent under.
func NumberInput(fieldKey string) string { return fieldKey + "-number" }

// ErrCodeAddressUnknown: a street and number no department of the plan
// has, and no department chosen instead.
const ErrCodeAddressUnknown = "plan.error.address_unknown"

// ErrCodeHouseNumber: a street chosen without a usable house number.
const ErrCodeHouseNumber = "plan.error.house_number"

// withDepartmentFromAddress answers each department question from the
// street and house number a resident gave, when they belong to one of
// the plan's departments. A resident who also picked a department
// keeps her pick when the address is not found. in is not changed.
func (p *Plan) withDepartmentFromAddress(f Form, in map[string][]string) (map[string][]string, []FieldError) {
	var errs []FieldError
	out, cloned := in, false
	for _, fd := range f.Fields {
		if fd.Use != KeyDepartment {
			continue
		}
		street := strings.TrimSpace(first(in[StreetInput(fd.Key)]))
		if street == "" {
			continue
		}
		chosen := strings.TrimSpace(first(in[fd.Key])) != ""
		n, ok := houseNumber(first(in[NumberInput(fd.Key)]))
		if !ok {
			if !chosen {
				errs = append(errs, FieldError{Field: fd.Key, Code: ErrCodeHouseNumber})
			}
			continue
		}
		d, found := p.DepartmentAt(street, n)
		switch {
		case found:
			if !cloned {
				out, cloned = maps.Clone(in), true
			}
			out[fd.Key] = []string{d.Code}
		case !chosen:
			errs = append(errs, FieldError{Field: fd.Key, Code: ErrCodeAddressUnknown,
				Params: map[string]any{"Street": street, "Number": n}})
		}
	}
	return out, errs
}

// houseNumber reads the number a house number starts with ("12", "12A",
// "١٢ st. th."), in any digits a phone keyboard types.
func houseNumber(s string) (int, bool) {
	s = strings.TrimSpace(NormaliseDigits(s))
	end := 0
	for end < len(s) && s[end] >= '0' && s[end] <= '9' {
		end++
	}
	n, err := strconv.Atoi(s[:end])
	return n, err == nil && n > 0
}
