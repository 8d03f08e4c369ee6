// Package plans reads the plan Tilmeld serves from one TOML file: its
// name, logo text and contact, time zone, areas, housing departments with
// their streets, partner organisations, counselling offers and the
// activity catalogue. Beboerprojekt Nordvest's plan is embedded as the
// default; another plan is another file. A plan is checked completely
// when it is loaded, and every problem names its file and line.
package plans
