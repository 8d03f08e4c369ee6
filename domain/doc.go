// Package domain holds Tilmeld's rules in plain Go: activities and their
// forms, field validation, phone normalisation, capacity and waiting-list
// placement, and reference codes. It knows nothing of HTTP or SQL, so the
// web, Slack and storage layers can share one set of rules.
package domain
