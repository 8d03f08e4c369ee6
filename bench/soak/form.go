package main

import (
	"fmt"
	"html"
	"math/rand/v2"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// What the public pages show, as the templates write it (Danish: the
// generator sends no language).
var (
	inputTag     = regexp.MustCompile(`<input\b[^>]*>`)
	attr         = regexp.MustCompile(`([a-z_-]+)(?:="([^"]*)")?`)
	selectBlock  = regexp.MustCompile(`(?s)<select\b[^>]*\bname="([^"]+)"[^>]*>(.*?)</select>`)
	optionValue  = regexp.MustCompile(`<option\b[^>]*\bvalue="([^"]*)"`)
	refOnPage    = regexp.MustCompile(`<p class="ref" dir="ltr">([A-Z0-9]{6})</p>`)
	cancelOnPage = regexp.MustCompile(`/afmeld/([A-Za-z0-9_-]{20,})"`)
)

const (
	placeHeading    = "Du har fået en plads"
	waitlistHeading = "Du er på ventelisten"
)

// fillForm fills in the sign-up form on page as a resident would: her
// name and phone, a birth year that fits most activities, a choice for
// every radio group and select, the consent boxes ticked, and the
// honeypot left empty. It returns the values and the form's token.
func fillForm(page string, rng *rand.Rand, n int64, phone string) (url.Values, string) {
	if i := strings.Index(page, `<form method="post"`); i >= 0 {
		page = page[i:]
		if j := strings.Index(page, "</form>"); j >= 0 {
			page = page[:j]
		}
	}
	vals := url.Values{}
	radios := map[string][]string{}
	var radioOrder []string
	for _, tag := range inputTag.FindAllString(page, -1) {
		a := attrs(tag)
		name, typ := a["name"], a["type"]
		switch {
		case name == "" || name == "website": // the honeypot stays empty
		case typ == "hidden":
			vals.Set(name, a["value"])
		case typ == "radio":
			if radios[name] == nil {
				radioOrder = append(radioOrder, name)
			}
			radios[name] = append(radios[name], a["value"])
		case typ == "checkbox":
			if strings.Contains(name, "consent") || rng.IntN(2) == 0 {
				vals.Add(name, a["value"])
			}
		default:
			vals.Set(name, textValue(name, a, n, phone))
		}
	}
	for _, name := range radioOrder {
		opts := radios[name]
		vals.Set(name, opts[rng.IntN(len(opts))])
	}
	for _, m := range selectBlock.FindAllStringSubmatch(page, -1) {
		var opts []string
		for _, o := range optionValue.FindAllStringSubmatch(m[2], -1) {
			if o[1] != "" {
				opts = append(opts, html.UnescapeString(o[1]))
			}
		}
		if len(opts) > 0 {
			vals.Set(m[1], opts[rng.IntN(len(opts))])
		}
	}
	return vals, vals.Get("_idem")
}

func attrs(tag string) map[string]string {
	out := map[string]string{}
	for _, m := range attr.FindAllStringSubmatch(strings.TrimPrefix(tag, "<input"), -1) {
		out[m[1]] = html.UnescapeString(m[2]) // "" for a bare attribute such as required
	}
	return out
}

// textValue is what a resident types into a text input.
func textValue(name string, a map[string]string, n int64, phone string) string {
	_, required := a["required"]
	switch {
	case name == "name":
		return fmt.Sprintf("Soak Beboer %d", n)
	case name == "phone":
		return phone
	case name == "birth_year":
		return strconv.Itoa(time.Now().Year() - 25)
	case a["type"] == "number" || a["inputmode"] == "numeric":
		return "1"
	case a["type"] == "tel":
		return fmt.Sprintf("+45 4%07d", n%10000000)
	case required:
		return "soak"
	}
	return ""
}

// page is what a sign-up POST answered with.
type page struct {
	Ref, CancelToken string
	Confirmation     bool // a confirmation page, with the private cancel link
	Already          bool // "this number is signed up already"
	Place, Waitlist  bool
}

func readPage(body string) page {
	var p page
	if m := refOnPage.FindStringSubmatch(body); m != nil {
		p.Ref = m[1]
	}
	if m := cancelOnPage.FindStringSubmatch(body); m != nil {
		p.CancelToken = m[1]
	}
	p.Confirmation = p.Ref != "" && p.CancelToken != ""
	p.Already = p.Ref != "" && p.CancelToken == ""
	p.Place = strings.Contains(body, placeHeading)
	p.Waitlist = strings.Contains(body, waitlistHeading)
	return p
}
