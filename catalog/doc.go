// Package catalog checks activities as a plan file writes them: every
// text a resident reads in all seven languages, sessions in order, forms
// that end with the common consent field, no misspelt keys. Package plans
// hands it each activity of the plan's catalogue, so a missing
// translation or a mistyped date stops start-up instead of reaching a
// resident's phone.
package catalog
