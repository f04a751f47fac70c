package report

import (
	"github.com/hutubi-edu/zoning/engine/compare"
	"github.com/hutubi-edu/zoning/engine/dataset"
)

type compareZonesView struct {
	Plans []planZones
}

type planZones struct {
	Plan     planHead
	Proposal bool
	Levels   []planLevelZones
}

type planLevelZones struct {
	Name    string
	Zones   []compareZoneText
	Changed int      // zones whose text differs from the plan in force's
	Dropped []string // schools zoned in force and not under the proposal
}

type compareZoneText struct {
	Text       string
	Households int
	Changed    bool // the text differs from the plan in force's
	New        bool // the school has no zone in force
}

// zonesData writes each plan's zones as the enrollment notice would, in the
// notice's order, and marks in each proposal the schools whose text differs
// from the plan in force's.
func (cv *compareView) zonesData() (any, error) {
	var out compareZonesView
	type key struct{ level, school string }
	base := map[key]string{}
	var order []key
	for _, p := range cv.c.Plans[0].Descriptions {
		for _, z := range p.Zones {
			k := key{p.Level, z.SchoolID}
			base[k] = z.Text()
			order = append(order, k)
		}
	}
	for i, o := range cv.c.Plans {
		pz := planZones{Plan: cv.heads[i], Proposal: i > 0}
		for _, p := range o.Descriptions {
			if cv.level(p.Level) == nil {
				continue // a level without schools
			}
			lz := planLevelZones{Name: dataset.Level(p.Level).Chinese()}
			seen := map[string]bool{}
			for _, z := range p.Zones {
				t := z.Text()
				zt := compareZoneText{Text: t, Households: z.Households}
				seen[z.SchoolID] = true
				if i > 0 {
					old, ok := base[key{p.Level, z.SchoolID}]
					zt.New = !ok
					zt.Changed = ok && old != t
					if zt.New || zt.Changed {
						lz.Changed++
					}
				}
				lz.Zones = append(lz.Zones, zt)
			}
			if i > 0 {
				for _, k := range order {
					if k.level == p.Level && !seen[k.school] {
						if j := cv.ds.SchoolIndex(k.school); j >= 0 {
							lz.Dropped = append(lz.Dropped, compare.SectionName(&cv.ds.Schools[j], dataset.Level(p.Level)))
						} else {
							lz.Dropped = append(lz.Dropped, k.school)
						}
					}
				}
			}
			pz.Levels = append(pz.Levels, lz)
		}
		out.Plans = append(out.Plans, pz)
	}
	return out, nil
}
