// Package web is the public, server-rendered face of Tilmeld: the list of
// activities, each activity's sign-up form, the confirmation and the
// private cancel link, plus the JSON feed for partners. It is a thin
// adapter: rules live in domain, storage in store.
package web
