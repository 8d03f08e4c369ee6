// Package ui is what the public pages (web) and the staff workspace
// (web/staff) share to show a page: the page a template sees, with its
// translations, digits and dates; form fields and activity cards; and the
// shared field templates.
package ui
