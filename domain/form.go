package domain

import (
	"encoding/json"
	"fmt"
)

// FieldType is one of the small set of input kinds a form may use.
type FieldType string

// The field types.
const (
	FieldText    FieldType = "text"
	FieldPhone   FieldType = "phone"
	FieldEmail   FieldType = "email"
	FieldNumber  FieldType = "number"
	FieldDate    FieldType = "date"
	FieldChoice  FieldType = "choice" // exactly one option
	FieldMulti   FieldType = "multi"  // any number of options
	FieldYesNo   FieldType = "yesno"
	FieldConsent FieldType = "consent" // a required, unticked checkbox
)

// DefaultMaxLen bounds text answers whose field sets no limit of its own.
const DefaultMaxLen = 200

// FieldTypes lists every type, for editors and validation of definitions.
var FieldTypes = []FieldType{FieldText, FieldPhone, FieldEmail, FieldNumber, FieldDate, FieldChoice, FieldMulti, FieldYesNo, FieldConsent}

// Option is one choice in a choice or multi field. Label is per language;
// LabelID, when set, names a translation in locales/ instead.
type Option struct {
	Value   string `json:"value"`
	Label   Text   `json:"label,omitempty"`
	LabelID string `json:"label_id,omitempty"`
}

// Field is one question on a form.
type Field struct {
	Key      string    `json:"key"`
	Use      string    `json:"use,omitempty"` // name of a common field this one reuses
	Type     FieldType `json:"type"`
	Required bool      `json:"required"`
	Label    Text      `json:"label,omitempty"`
	Help     Text      `json:"help,omitempty"`
	// LabelID and HelpID name translations in locales/; common fields use
	// them so their wording is defined once for every form.
	LabelID      string   `json:"label_id,omitempty"`
	HelpID       string   `json:"help_id,omitempty"`
	Min          *int     `json:"min,omitempty"`
	Max          *int     `json:"max,omitempty"`
	MaxLen       int      `json:"max_len,omitempty"`
	Options      []Option `json:"options,omitempty"`
	Autocomplete string   `json:"autocomplete,omitempty"`
}

// Form is an ordered list of fields.
type Form struct {
	Fields []Field `json:"fields"`
}

// UnmarshalJSON expands fields that reuse a common field, so the stored
// definition stays short and the common wording lives in one place.
func (f *Form) UnmarshalJSON(b []byte) error {
	var raw struct {
		Fields []Field `json:"fields"`
	}
	if err := json.Unmarshal(b, &raw); err != nil {
		return err
	}
	f.Fields = make([]Field, 0, len(raw.Fields))
	for _, fd := range raw.Fields {
		if fd.Use != "" {
			common, ok := CommonField(fd.Use)
			if !ok {
				return fmt.Errorf("form field %q uses unknown common field %q", fd.Key, fd.Use)
			}
			if fd.Key != "" {
				common.Key = fd.Key
			}
			fd = common
		}
		f.Fields = append(f.Fields, fd)
	}
	return f.Check()
}

// MarshalJSON writes common fields back as references to them.
func (f Form) MarshalJSON() ([]byte, error) {
	out := make([]Field, len(f.Fields))
	for i, fd := range f.Fields {
		if fd.Use != "" {
			out[i] = Field{Key: fd.Key, Use: fd.Use}
			continue
		}
		out[i] = fd
	}
	return json.Marshal(struct {
		Fields []Field `json:"fields"`
	}{out})
}

// Check reports a form definition that could not be rendered or validated.
func (f Form) Check() error {
	seen := map[string]bool{}
	for _, fd := range f.Fields {
		if fd.Key == "" || seen[fd.Key] {
			return fmt.Errorf("form field key %q is empty or repeated", fd.Key)
		}
		seen[fd.Key] = true
		known := false
		for _, t := range FieldTypes {
			known = known || t == fd.Type
		}
		if !known {
			return fmt.Errorf("form field %q has unknown type %q", fd.Key, fd.Type)
		}
		// The department question gets its options from the plan.
		if (fd.Type == FieldChoice || fd.Type == FieldMulti) && len(fd.Options) == 0 && fd.Use != KeyDepartment {
			return fmt.Errorf("form field %q has no options", fd.Key)
		}
	}
	return nil
}

// Field returns the field with the given key.
func (f Form) Field(key string) (Field, bool) {
	for _, fd := range f.Fields {
		if fd.Key == key {
			return fd, true
		}
	}
	return Field{}, false
}
