package domain

// Keys of the common fields. Sign-ups keep name, phone, department and age
// in columns of their own, so staff can search and summaries can count.
const (
	KeyName            = "name"
	KeyPhone           = "phone"
	KeyEmail           = "email"
	KeyDepartment      = "department"
	KeyAge             = "age"
	KeyBirthYear       = "birth_year"
	KeyGuardianName    = "guardian_name"
	KeyGuardianPhone   = "guardian_phone"
	KeyGuardianConsent = "guardian_consent"
	KeyConsent         = "consent"
)

// DepartmentOther is the housing-department answer for everyone else.
const DepartmentOther = "other"

// Department is one of the plan's housing departments (afdelinger).
type Department struct {
	Code        string // stable value stored with a sign-up
	Name        string // as residents know it; never translated
	Association string
	Streets     []Street // where its homes are, for "which street do you live on?"
}

func intp(i int) *int { return &i }

// CommonField returns the shared definition of a field used on many
// forms; Plan.CommonField adds the plan's departments.
func CommonField(use string) (Field, bool) {
	f, ok := commonFields()[use]
	if ok {
		f.Use = use
		if f.Key == "" {
			f.Key = use
		}
	}
	return f, ok
}

// commonFields are the shared definitions. The department question's
// options are the plan's departments, added by Plan.Form.
func commonFields() map[string]Field {
	return map[string]Field{
		KeyName:            {Type: FieldText, Required: true, MaxLen: 100, LabelID: "field.name.label", Autocomplete: "name"},
		KeyPhone:           {Type: FieldPhone, Required: true, LabelID: "field.phone.label", HelpID: "field.phone.help", Autocomplete: "tel"},
		KeyEmail:           {Type: FieldEmail, LabelID: "field.email.label", HelpID: "field.email.help", Autocomplete: "email", MaxLen: 254},
		KeyDepartment:      {Type: FieldChoice, Required: true, LabelID: "field.department.label", HelpID: "field.department.help"},
		KeyAge:             {Type: FieldNumber, Required: true, LabelID: "field.age.label", Min: intp(0), Max: intp(120)},
		KeyBirthYear:       {Type: FieldNumber, Required: true, LabelID: "field.birth_year.label", HelpID: "field.birth_year.help", Min: intp(1900), Max: intp(2100), Autocomplete: "bday-year"},
		KeyGuardianName:    {Type: FieldText, Required: true, MaxLen: 100, LabelID: "field.guardian_name.label", HelpID: "field.guardian_name.help"},
		KeyGuardianPhone:   {Type: FieldPhone, Required: true, LabelID: "field.guardian_phone.label", HelpID: "field.phone.help"},
		KeyGuardianConsent: {Type: FieldConsent, Required: true, LabelID: "field.guardian_consent.label", HelpID: "consent.guardian.text"},
		KeyConsent:         {Type: FieldConsent, Required: true, LabelID: "field.consent.label", HelpID: "consent.signup.text"},
	}
}

// ConsentVersion identifies the wording of the consent texts in locales/.
// Change it whenever that wording changes, so each sign-up keeps a record
// of what exactly its resident agreed to. The texts name the loaded plan
// ({{.Plan}}), and the service records them as that plan words them: a
// database whose plan is swapped refuses to start until the version
// changes too. .3: the plan's name became a parameter, and the Turkish
// guardian text lost a suffix on it.
const ConsentVersion = "2026-12-06.3"
