// Package store is the only package that speaks SQL. It keeps activities,
// sign-ups and everything else in PostgreSQL, applies the embedded
// migrations, and maps database errors to the named errors below.
package store
