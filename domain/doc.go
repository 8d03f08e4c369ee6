// Package domain holds Tilmeld's rules in plain Go: activities and their
// forms, field validation, phone normalisation, capacity and waiting-list
// placement, reference codes, and the arithmetic of the weekly summaries
// and the plan's indicators. It knows nothing of HTTP or SQL, so the
// web, Slack and storage layers can share one set of rules.
package domain
