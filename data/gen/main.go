// Command gen regenerates the project's default dataset, the synthetic
// Hutubi County of package synth, as a dataset folder; or, with -family, one
// of the generated test counties of package county.
//
//	go run ./data/gen [-out data/hutubi] [-seed 2021]
//	go run ./data/gen -family plains|tight|short|urban|mountain [-style henan|guangdong|...]
//	                  [-children N] [-campuses N] [-zones] [-seed S] -out DIR
//
// It prints a summary of the dataset to standard error.
package main

import (
	"flag"
	"fmt"
	"io"
	"maps"
	"os"
	"path/filepath"
	"slices"

	"github.com/hutubi-edu/zoning/data/county"
	"github.com/hutubi-edu/zoning/data/synth"
	"github.com/hutubi-edu/zoning/engine/dataset"
)

func main() {
	out := flag.String("out", filepath.Join("data", "hutubi"), "dataset folder to write")
	seed := flag.Uint64("seed", synth.DefaultSeed, "random seed (the committed dataset uses the default)")
	family := flag.String("family", "", "write a generated test county of this family instead of the default (plains, tight, short, urban, mountain)")
	style := flag.String("style", "", "with -family: the address style (henan, guangdong, sichuan, shanghai, beijing, dongbei, xinjiang; default the family's)")
	children := flag.Int("children", 0, "with -family: about how many children (0: the family's default)")
	campuses := flag.Int("campuses", 0, "with -family urban: the number of campuses (0: 150)")
	zonesInForce := flag.Bool("zones", false, "with -family: write nearest-school zones in force (zones.geojson)")
	flag.Parse()
	var err error
	if *family != "" {
		err = runCounty(*out, *family, *style, *seed, *children, *campuses, *zonesInForce, os.Stderr)
	} else {
		err = run(*out, *seed, os.Stderr)
	}
	if err != nil {
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

// runCounty writes a generated test county and prints its size.
func runCounty(out, family, style string, seed uint64, children, campuses int, zonesInForce bool, w io.Writer) error {
	f, err := county.ParseFamily(family)
	if err != nil {
		return err
	}
	spec := county.Spec{Family: f, Seed: seed, Children: children, Campuses: campuses, ZonesInForce: zonesInForce}
	if style != "" {
		if spec.Style, err = county.ParseStyle(style); err != nil {
			return err
		}
	}
	d, _, err := county.Generate(spec)
	if err != nil {
		return err
	}
	if err := d.Write(out); err != nil {
		return err
	}
	fmt.Fprintf(w, "%s, base year %d: %d households, %d children, %d campuses\n", d.Meta.Name, d.Meta.BaseYear,
		len(d.Households), len(d.Children), len(d.Schools))
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
	if n := d.Roads; n != nil {
		classes, kinds := map[string]int{}, map[string]int{}
		bridges, tunnels := 0, 0
		for _, r := range n.Roads() {
			classes[r.Class]++
			if r.Bridge {
				bridges++
			}
			if r.Tunnel {
				tunnels++
			}
		}
		for _, b := range n.Barriers() {
			kinds[string(b.Kind)]++
		}
		crossings := map[string][2]int{} // by barrier kind: at grade, over or under
		for _, c := range n.Crossings() {
			k := string(n.Barriers()[c.Barrier].Kind)
			x := crossings[k]
			if c.AtGrade {
				x[0]++
			} else {
				x[1]++
			}
			crossings[k] = x
		}
		fmt.Fprintf(w, "roads: %d (%d bridges, %d tunnels), %d nodes, %d edges\n", len(n.Roads()), bridges, tunnels, n.Nodes(), n.Edges())
		fmt.Fprint(w, "  by class:")
		for _, k := range slices.Sorted(maps.Keys(classes)) {
			fmt.Fprintf(w, " %s %d", k, classes[k])
		}
		fmt.Fprint(w, "\n  barriers:")
		for _, k := range slices.Sorted(maps.Keys(kinds)) {
			fmt.Fprintf(w, " %s %d", k, kinds[k])
		}
		fmt.Fprint(w, "\n  crossings (at grade/over or under):")
		for _, k := range slices.Sorted(maps.Keys(crossings)) {
			fmt.Fprintf(w, " %s %d/%d", k, crossings[k][0], crossings[k][1])
		}
		fmt.Fprintln(w)
	}
	fmt.Fprintln(w, "2021 resource indicators below standard (schools of 50 students or more):")
	for _, f := range failures(d) {
		fmt.Fprintln(w, "  "+f)
	}
}

// failures lists the resource indicators of docs/policy.md each school misses,
// computed from the dataset's rows; a section fails when the school's figure
// per student is below the section's standard.
func failures(d *dataset.Dataset) []string {
	var pupils = map[string]*[2]int{}
	for _, c := range d.Children {
		if c.Grade > 0 {
			if pupils[c.SchoolID] == nil {
				pupils[c.SchoolID] = &[2]int{}
			}
			l := 0
			if c.Grade >= 7 {
				l = 1
			}
			pupils[c.SchoolID][l]++
		}
	}
	var out []string
	for _, s := range d.Schools {
		p := pupils[s.ID]
		if p == nil || p[0]+p[1] < 50 {
			continue
		}
		n := float64(p[0] + p[1])
		vals := []*float64{s.TeachersQualified, s.TeachersBackbone, s.TeachersPEArt, s.TeachingAreaM2,
			s.SportsAreaM2, s.EquipmentYuan, s.MultimediaRooms}
		for i, v := range vals {
			ind := synth.Indicator(i)
			x := *v / n
			if ind == synth.Qualified || ind == synth.Backbone || ind == synth.PEArt || ind == synth.Multimedia {
				x *= 100
			}
			for l, lv := range dataset.Levels {
				if p[l] > 0 && x < ind.Standard(lv) {
					out = append(out, fmt.Sprintf("%s %s (%s): %s %.2f < %g (%.0f%%)", s.ID, s.Name, lv, ind, x,
						ind.Standard(lv), 100*x/ind.Standard(lv)))
				}
			}
		}
		classes := 0
		byGrade := [10]int{}
		for _, c := range d.Children {
			if c.SchoolID == s.ID && c.Grade > 0 {
				byGrade[c.Grade]++
			}
		}
		for g := 1; g <= 9; g++ {
			lim := 45
			if g >= 7 {
				lim = 50
			}
			classes += (byGrade[g] + lim - 1) / lim
		}
		if need := (classes + 11) / 12; *s.MusicRooms < need || *s.ArtRooms < need {
			out = append(out, fmt.Sprintf("%s %s: %d music and %d art rooms for %d classes (need %d each)", s.ID, s.Name,
				*s.MusicRooms, *s.ArtRooms, classes, need))
		}
	}
	return out
}
