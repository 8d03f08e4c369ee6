package domain

import "errors"

// ErrUnknownOrganisation means an organisation key is not in Organisations.
var ErrUnknownOrganisation = errors.New("unknown partner organisation")

// Organisation is a partner organisation whose staff refer residents. The
// plan reports referrals per organisation, never per person, so a referrer
// is counted by the organisation she picked.
type Organisation struct {
	Key   string // stable value stored with each referral
	Name  string // as the partners call it; a proper name, never translated
	Group string // the municipal administration (BUF, SOF, …) or "andre"
}

// OrganisationGroup is an administration the organisations belong to, in
// the order pickers list them.
type OrganisationGroup struct {
	Key  string
	Name string
}

// OrganisationGroups lists the municipal administrations, then the others.
func OrganisationGroups() []OrganisationGroup {
	return []OrganisationGroup{
		{"buf", "BUF – Børne- og Ungdomsforvaltningen"},
		{"sof", "SOF – Socialforvaltningen"},
		{"kff", "KFF – Kultur- og Fritidsforvaltningen"},
		{"bif", "BIF – Beskæftigelses- og Integrationsforvaltningen"},
		{"tmf", "TMF – Teknik- og Miljøforvaltningen"},
		{"suf", "SUF – Sundheds- og Omsorgsforvaltningen"},
		{"okf", "ØKF – Økonomiforvaltningen"},
		{"andre", "Andre samarbejdspartnere"},
	}
}

// Organisations are the partners of the cooperation agreement that refer
// residents (domain.md), plus "other" for anyone not yet on the list.
func Organisations() []Organisation {
	return []Organisation{
		{"buf-tagensbo", "Tagensbo Skole", "buf"},
		{"buf-holbergskolen", "Holbergskolen", "buf"},
		{"buf-utterslev", "Utterslev Skole", "buf"},
		{"buf-grondalsvaenget", "Grøndalsvængets Skole", "buf"},
		{"buf-dagtilbud", "Dagtilbud (klyngen)", "buf"},
		{"buf-sundhedsplejen", "Sundhedsplejen", "buf"},
		{"buf-talehore", "Tale-høre-konsulenterne", "buf"},
		{"buf-ungevaerket-smedetoften", "UngeVærket Smedetoften", "buf"},
		{"buf-ungevaerket-borup", "UngeVærket Borup", "buf"},
		{"buf-ungdomsskolen", "Ungdomsskolen", "buf"},
		{"buf-uu", "UU-vejledningen", "buf"},
		{"sof-sagsbehandlere", "Sagsbehandlere (SOF)", "sof"},
		{"sof-familiehuset", "Familiehuset", "sof"},
		{"sof-ungekontakten", "Ungekontakten", "sof"},
		{"sof-idraetsprojektet", "Idrætsprojektet", "sof"},
		{"sof-kobenhavnerteamet", "Københavnerteamet", "sof"},
		{"sof-boligradgivere", "Boligrådgiverne", "sof"},
		{"kff-bibliotek", "Biblioteket på Rentemestervej", "kff"},
		{"kff-aktive-born", "Aktive Børn i Forening", "kff"},
		{"kff-fritidsguiderne", "FritidsGuiderne", "kff"},
		{"kff-valgkontoret", "Valgkontoret", "kff"},
		{"bif-jobcenter-unge", "Jobcentrets ungeenhed", "bif"},
		{"bif-medskaberne", "MEDskaberne", "bif"},
		{"bif-perspektiv", "Perspektiv", "bif"},
		{"tmf-omradefornyelse", "Områdefornyelsen Bispebjerg Bakke", "tmf"},
		{"tmf-legepladser", "De bemandede legepladser", "tmf"},
		{"tmf-gronne-teams", "Grønne Teams", "tmf"},
		{"suf-folkesundhed", "Folkesundhed København", "suf"},
		{"okf-sikker-by", "Sikker By", "okf"},
		{"red-barnet", "Red Barnet", "andre"},
		{"kvuc", "Københavns VUC", "andre"},
		{"tk-ungdomsgard", "TK Ungdomsgård", "andre"},
		{"ssp", "SSP København", "andre"},
		{"driften", "Boligselskabernes drift (ejendomspersonale)", "andre"},
		{OrganisationOther, "Anden organisation", "andre"},
	}
}

// OrganisationOther is the key for a partner not on the list.
const OrganisationOther = "other"

// OrganisationByKey returns the organisation with the given key.
func OrganisationByKey(key string) (Organisation, bool) {
	for _, o := range Organisations() {
		if o.Key == key {
			return o, true
		}
	}
	return Organisation{}, false
}
