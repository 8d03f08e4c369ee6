// Package catalog holds the real activities of Beboerprojekt Nordvest that
// a fresh database is seeded with: MamaMove, exam training, voter-ambassador
// training and the others residents sign up for. The catalogue ships inside
// the binary as JSON and is checked when it is loaded, so a missing
// translation or a mistyped date stops start-up instead of reaching a
// resident's phone.
package catalog
