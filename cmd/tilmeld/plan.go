package main

import (
	"fmt"
	"io"
	"strings"

	"github.com/beboerprojekt-nordvest/tilmeld/plans"
)

// planCommand runs `tilmeld plan check [path]`: it loads a plan file
// (by default TILMELD_PLAN, else the embedded plan) and prints every
// problem with its line, or a short account of what the plan holds.
func planCommand(envPath string, args []string, stdout io.Writer) error {
	if len(args) == 0 || args[0] != "check" || len(args) > 2 {
		return fmt.Errorf("%w (plan check [path])", errUsage)
	}
	path := envPath
	if len(args) == 2 {
		path = args[1]
	}
	p, err := plans.Load(path)
	if err != nil {
		problems := strings.Split(err.Error(), "\n")
		for _, line := range problems {
			fmt.Fprintln(stdout, line)
		}
		return fmt.Errorf("the plan has %d problem(s); see above", len(problems))
	}
	if path == "" {
		path = plans.DefaultName + " (embedded)"
	}
	withStreets := 0
	for _, d := range p.Departments {
		if len(d.Streets) > 0 {
			withStreets++
		}
	}
	fmt.Fprintf(stdout, "%s: %s, time zone %s: %d areas, %d departments (%d with streets), %d organisations, %d counselling offers, %d activities\n",
		path, p.Name, p.Location, len(p.Areas), len(p.Departments), withStreets, len(p.Organisations), len(p.Counselling), len(p.Activities))
	return nil
}
