package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"path/filepath"

	"github.com/spf13/cobra"

	"github.com/hutubi-edu/zoning/engine"
	"github.com/hutubi-edu/zoning/engine/migrants"
	"github.com/hutubi-edu/zoning/engine/simulate"
)

func (a *app) migrantsCmd() *cobra.Command {
	var (
		year   int
		out    string
		asJSON bool
		world  worldFlags
	)
	cmd := &cobra.Command{
		Use:   "migrants",
		Short: "Check the placement of migrant children (随迁子女) and children with disabilities in a year",
		Long: `migrants runs the placement of the target year and checks, for every entrant (grade 1 and
grade 7) of a migrant household or with a disability: placed or not, the school, whether it is
the zone's school, the distance; why an entrant is not at the zone's school (zone_school_full,
no_zone, no_place_anywhere) and the nearest schools with free places.

The migrant share is that of docs/policy.md, over every pupil of grades 1–9, not only the entrants: eligible
migrant children (migrant household holding a residence permit, 居住证) in public schools or on
places the government buys at private (民办) schools, against policy.migrant_public_share (85%).
A family's own choice of a private school is no purchased place. It is the figure compliance.csv,
report.html and the meeting pack show for the year (one count: compliance.CountShares). The
entrants' own share follows, labelled 其中一年级、七年级新生. Migrants without a permit are served
after permit holders and are reported apart. Disabled children of grades 1–9 at a school are
compared with policy.disability_enrolment (95%), the same way.

It writes migrants.csv (UTF-8 with BOM: the entrants, then the pupils of the other grades in the
shares) into --out and prints a short Chinese summary, or with --json the whole report. The
outputs name children by id: for planners and inspectors only.

` + worldHelp,
		Example: `  zoning migrants                       # embedded Hutubi, base year + 1, into ./out
  zoning migrants --year 2023 --out out/2023
  zoning migrants --json > migrants.json`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			c, err := a.config()
			if err != nil {
				return err
			}
			if cmd.Flags().Changed("out") {
				c.Out = out
			}
			if c.Out == "" {
				c.Out = out
			}
			ds, err := a.load(cmd.Context(), c)
			if err != nil {
				return err
			}
			sc, err := a.countyScenario(c, ds, &world)
			if err != nil {
				return err
			}
			sim, err := a.world(cmd.Context(), c, ds, sc, simulate.Target{Year: year}, 0, 0)
			if err != nil {
				return err
			}
			res := sim.Targets[0]
			rep, err := migrants.Check(res)
			if err != nil {
				return err
			}
			var csv bytes.Buffer
			if err := migrants.WriteCSV(&csv, rep); err != nil {
				return err
			}
			if err := engine.WriteFiles(c.Out, "migrants", map[string][]byte{migrants.File: csv.Bytes()}); err != nil {
				return err
			}
			if asJSON {
				enc := json.NewEncoder(a.stdout)
				enc.SetIndent("", "  ")
				return enc.Encode(rep)
			}
			if err := migrants.Summary(a.stdout, rep); err != nil {
				return err
			}
			fmt.Fprintf(a.stdout, "明细：%s\n", filepath.Join(c.Out, migrants.File))
			return nil
		},
	}
	cmd.Flags().IntVar(&year, "year", 0, "target school year (default: the dataset's base year + 1)")
	cmd.Flags().StringVar(&out, "out", "out", "output folder of migrants.csv")
	world.register(cmd.Flags())
	cmd.Flags().BoolVar(&asJSON, "json", false, "print the whole report as JSON instead of the summary")
	return cmd
}
