package lookup_test

import (
	"fmt"

	"github.com/paulmach/orb"

	"github.com/hutubi-edu/zoning/engine/dataset"
	"github.com/hutubi-edu/zoning/engine/lookup"
)

// A county of one primary school and one junior school, each zone the box
// 86.9–87.3 × 43.9–44.1.
func example() *lookup.Plan {
	box := orb.MultiPolygon{{{{86.9, 43.9}, {87.3, 43.9}, {87.3, 44.1}, {86.9, 44.1}, {86.9, 43.9}}}}
	ds := &dataset.Dataset{
		Meta: dataset.Meta{Name: "示例县"},
		Schools: []dataset.School{
			{ID: "p1", Name: "示例县第一小学", Loc: orb.Point{87.0, 44.0}, PrimarySeats: 600, Address: "示例镇东风路1号"},
			{ID: "j1", Name: "示例县第一中学", Loc: orb.Point{87.1, 44.0}, JuniorSeats: 600},
		},
		Households: []dataset.Household{{ID: "h1", Loc: orb.Point{87.05, 44.0}, Address: "呼图壁镇东风路10号锦华苑1栋1单元101室"}},
	}
	p, err := lookup.New(ds, lookup.Source{Zones: []dataset.Zone{
		{Level: dataset.Primary, SchoolID: "p1", Geometry: box},
		{Level: dataset.Junior, SchoolID: "j1", Geometry: box},
	}})
	if err != nil {
		fmt.Println(err)
	}
	return p
}

func ExamplePlan_Locate() {
	p := example()
	a, err := p.Locate(orb.Point{87.05, 44.0})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, l := range a.Levels {
		fmt.Println(l.LevelName, l.Schools[0].Name, *l.Schools[0].DistanceM, "m")
	}
	_, err = p.Locate(orb.Point{80, 40})
	fmt.Println(err)
	// 0.05° of longitude at latitude 44°: 6,371,008.8 m × 0.05·π/180 × cos 44° ≈ 3,999 m.

	// Output:
	// 小学 示例县第一小学 3999 m
	// 初中 示例县第一中学 3999 m
	// lookup: point (80.000000, 40.000000) is outside the zoned area of 示例县
}

func ExamplePlan_Match() {
	p := example()
	for _, q := range []string{"锦华苑３幢", "呼图壁镇锦花苑", "火星路1号"} {
		m, err := p.Match(q)
		if err != nil {
			fmt.Println(q, "→", m.How, len(m.Candidates), "candidates")
			continue
		}
		fmt.Printf("%s → %s (%s %.2f): %s\n", q, m.Address, m.How, m.Score, m.Answer.Levels[0].Schools[0].Name)
	}
	// Output:
	// 锦华苑３幢 → 呼图壁镇东风路10号锦华苑 (normalised 1.00): 示例县第一小学
	// 呼图壁镇锦花苑 → 呼图壁镇东风路10号锦华苑 (fuzzy 0.86): 示例县第一小学
	// 火星路1号 → none 0 candidates
}
