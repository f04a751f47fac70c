package notice

import (
	"bytes"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/hutubi-edu/zoning/data/county"
	"github.com/hutubi-edu/zoning/engine/dataset"
)

// TestNoticeCoversEveryNumber words a county's zones in force as the
// notice does (DescribePlan, Document.WriteText), reads the text back with
// ParseText alone, and checks what a reader of the notice needs, on the
// default county and on generated counties of several families and
// address styles:
//   - a road written without its township has a name no other township's
//     road has, or is written so by the addresses themselves;
//   - every number of every road with homes, from 1 (0 when a home is
//     numbered 0) to its largest, is in the ranges of exactly one school
//     per level, but a number whose homes are in no zone, in none;
//   - a single house (a road and a number, no compound, no village) in a
//     zone finds its zone's school: by its number's range, or, when the
//     number went to another school, by its address listed after 以及.
func TestNoticeCoversEveryNumber(t *testing.T) {
	counties := []struct {
		name string
		ds   func(t *testing.T) *dataset.Dataset
	}{{"default", func(t *testing.T) *dataset.Dataset { return hutubi(t) }}}
	for _, spec := range []county.Spec{
		{Family: county.Plains, Seed: 1, Children: 2500},
		{Family: county.Plains, Seed: 2, Children: 2500, Style: county.Shanghai},
		{Family: county.Plains, Seed: 3, Children: 2500, Style: county.Beijing},
		{Family: county.Urban, Seed: 4, Children: 6000, Campuses: 12},
		{Family: county.Mountain, Seed: 5, Children: 1500, Style: county.Dongbei},
	} {
		spec.ZonesInForce = true
		counties = append(counties, struct {
			name string
			ds   func(t *testing.T) *dataset.Dataset
		}{fmt.Sprintf("%s-%s-%d", spec.Family, spec.Style, spec.Seed), func(t *testing.T) *dataset.Dataset {
			ds, _, err := county.Generate(spec)
			if err != nil {
				t.Fatal(err)
			}
			return ds
		}})
	}
	for _, c := range counties {
		t.Run(c.name, func(t *testing.T) {
			if testing.Short() && c.name == "default" {
				t.Skip("loads the default dataset")
			}
			ds := c.ds(t)
			plans, _, err := DescribePlan(ds, ds.Zones)
			if err != nil {
				t.Fatal(err)
			}
			var b bytes.Buffer
			if err := (Document{Title: Title(ds.Meta.Name, ds.Meta.BaseYear+1), Plans: plans}).WriteText(&b); err != nil {
				t.Fatal(err)
			}
			checkNoticeText(t, ds, plans, b.String())
		})
	}
}

// checkNoticeText checks the text of a notice (WriteText) of plans, read
// back with ParseText, as TestNoticeCoversEveryNumber says. It works out
// the zone of each household from plans (the school of each zone, by name)
// and nothing else of them.
func checkNoticeText(t *testing.T, ds *dataset.Dataset, plans []Plan, text string) {
	t.Helper()
	p := ds.Parser()
	towns := p.Townships()
	type road struct{ town, name string }
	// The county's roads from the households, as the notice's reader
	// would know them on the ground.
	nums := map[road]map[int][]int{}
	roadTowns := map[string]map[string]bool{}
	for h := range ds.Households {
		a := p.Parse(ds.Households[h].Address)
		name, n, ok := roadNumber(a)
		if !ok || a.Village != "" || a.Extra != "" {
			continue
		}
		if roadTowns[name] == nil {
			roadTowns[name] = map[string]bool{}
		}
		if a.Township != "" {
			roadTowns[name][a.Township] = true
		}
		k := road{a.Township, name}
		if nums[k] == nil {
			nums[k] = map[int][]int{}
		}
		nums[k][n] = append(nums[k][n], h)
	}
	// An address without its township is on the road of that name of the
	// one township that has one, when one has.
	for k, ns := range nums {
		if k.town == "" && len(roadTowns[k.name]) == 1 {
			for tw := range roadTowns[k.name] {
				to := road{tw, k.name}
				for n, hs := range ns {
					nums[to][n] = append(nums[to][n], hs...)
				}
			}
			delete(nums, k)
		}
	}
	// The paragraphs of each level, by heading.
	sections := map[string][]Zone{}
	head := ""
	for line := range strings.SplitSeq(strings.TrimSuffix(text, "\n"), "\n") {
		switch {
		case strings.HasPrefix(line, "（"):
			_, body, _ := strings.Cut(line, "）")
			z, err := ParseText(body, towns)
			if err != nil {
				t.Fatalf("ParseText(%q): %v", body, err)
			}
			sections[head] = append(sections[head], z)
		case strings.Contains(line, "、") && strings.HasSuffix(line, "招生片区"):
			head = line
		}
	}
	for i, pl := range plans {
		head := SectionNumber(i+1) + LevelHeading(pl.Level)
		zs := sections[head]
		if len(zs) == 0 {
			t.Fatalf("no paragraphs under %s", head)
		}
		// The zone of each household: the paragraph of its school.
		par := map[string]int{}
		for k, z := range zs {
			par[z.SchoolName] = k
		}
		zoneOf := make([]int, len(ds.Households))
		for h := range zoneOf {
			zoneOf[h] = -1
		}
		l, _ := dataset.ParseLevel(pl.Level)
		at := zonesInForce(t, ds, l)
		for h, s := range at {
			if s >= 0 {
				k, ok := par[ds.Schools[s].Name]
				if !ok {
					t.Fatalf("%s: no paragraph of %s", head, ds.Schools[s].Name)
				}
				zoneOf[h] = k
			}
		}
		// Where each paragraph puts each road's numbers.
		type owned struct {
			par int
			r   Range
		}
		ranges := map[road][]owned{}
		for k, z := range zs {
			for _, s := range z.Streets {
				town := s.Township
				switch {
				case town != "" || len(roadTowns[s.Road]) == 0:
				case len(roadTowns[s.Road]) == 1:
					for tw := range roadTowns[s.Road] {
						town = tw
					}
				case nums[road{"", s.Road}] == nil:
					// Only where the addresses themselves leave the
					// township out may the text.
					t.Errorf("%s %s: %s written without its township, but %d townships have one", head, z.SchoolName, s.Road, len(roadTowns[s.Road]))
					continue
				}
				for _, r := range s.Ranges {
					ranges[road{town, s.Road}] = append(ranges[road{town, s.Road}], owned{k, r})
				}
			}
		}
		for k, ns := range nums {
			hi, lo := 0, 1
			zoned := false
			for n, hs := range ns {
				hi, lo = max(hi, n), min(lo, n)
				for _, h := range hs {
					zoned = zoned || zoneOf[h] >= 0
				}
			}
			if !zoned || hi > 100000 {
				continue
			}
			for n := lo; n <= hi; n++ {
				var in []int
				for _, o := range ranges[k] {
					if o.r.Contains(n) {
						in = append(in, o.par)
					}
				}
				homesZoned := len(ns[n]) == 0
				for _, h := range ns[n] {
					homesZoned = homesZoned || zoneOf[h] >= 0
				}
				if len(in) > 1 || len(in) == 0 && homesZoned {
					t.Errorf("%s: %s%s%d号 is in %d schools' ranges", head, k.town, k.name, n, len(in))
					continue
				}
				for _, h := range ns[n] {
					if _, _, _, ok := single(p, &ds.Households[h]); !ok || zoneOf[h] < 0 || in[0] == zoneOf[h] {
						continue
					}
					if !slices.Contains(zs[zoneOf[h]].Addresses, p.Parse(ds.Households[h].Address).String()) {
						t.Errorf("%s: %s of %s: its number is %s's and its address is not listed", head, ds.Households[h].Address,
							zs[zoneOf[h]].SchoolName, zs[in[0]].SchoolName)
					}
				}
			}
		}
	}
}
