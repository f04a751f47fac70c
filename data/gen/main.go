// Command gen regenerates the project's default dataset, the synthetic
// Hutubi County of package synth, as a dataset folder.
//
//	go run ./data/gen [-out data/hutubi] [-seed 2021]
//
// It prints a summary of the dataset to standard error.
package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"

	"github.com/hutubi-edu/zoning/data/synth"
	"github.com/hutubi-edu/zoning/engine/dataset"
)

func main() {
	out := flag.String("out", filepath.Join("data", "hutubi"), "dataset folder to write")
	seed := flag.Uint64("seed", synth.DefaultSeed, "random seed (the committed dataset uses the default)")
	flag.Parse()
	if err := run(*out, *seed, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}

func run(out string, seed uint64, w io.Writer) error {
	d, rep, err := synth.GenerateReport(seed)
	if err != nil {
		return err
	}
	if err := d.Write(out); err != nil {
		return err
	}
	summary(w, d, rep)
	return nil
}

func summary(w io.Writer, d *dataset.Dataset, r *synth.Report) {
	fmt.Fprintf(w, "%s, base year %d: %d households, %d people (%.2f a household)\n",
		d.Meta.Name, d.Meta.BaseYear, r.Households, r.People, float64(r.People)/float64(r.Households))
	for _, t := range r.ByTownship {
		fmt.Fprintf(w, "  %-6s %6d households %7d people\n", t.Name, t.Households, t.People)
	}
	fmt.Fprintf(w, "migrant households: %d (%.1f%%), county seat %.1f%%, with permit %.1f%%\n", r.Migrant,
		100*float64(r.Migrant)/float64(r.Households), 100*float64(r.MigrantSeat)/float64(r.SeatHouseholds),
		100*float64(r.Permit)/float64(max(1, r.Migrant)))
	fmt.Fprintf(w, "children by grade (0 = not yet in school): %v, disability %d\n", r.ChildrenByGrade, r.Disability)
	var years []int
	for y := range r.BirthsByYear {
		years = append(years, y)
	}
	slices.Sort(years)
	fmt.Fprint(w, "births:")
	for _, y := range years {
		fmt.Fprintf(w, " %d:%d", y, r.BirthsByYear[y])
	}
	fmt.Fprintln(w)
	for l, name := range []string{"primary", "junior"} {
		fmt.Fprintf(w, "%s: %d pupils, %d seats (%.3f)\n", name, r.Pupils[l], r.Seats[l],
			float64(r.Seats[l])/float64(r.Pupils[l]))
	}
	fmt.Fprintf(w, "pupils outside their zone's school: %d (%.1f%%); %d zoning units\n", r.Elsewhere,
		100*float64(r.Elsewhere)/float64(r.Pupils[0]+r.Pupils[1]), r.Units)
	fmt.Fprintln(w, "school  seats P/J   pupils P/J   zone P/J")
	for _, s := range r.Schools {
		fmt.Fprintf(w, "  %-5s %5d/%-5d %5d/%-5d %5d/%-5d %s\n", s.ID, s.Seats[0], s.Seats[1], s.Pupils[0], s.Pupils[1],
			s.Zone[0], s.Zone[1], s.Name)
	}
}
