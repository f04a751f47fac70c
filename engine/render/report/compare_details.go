package report

import (
	"cmp"
	"slices"
	"strings"

	"github.com/hutubi-edu/zoning/engine"
	"github.com/hutubi-edu/zoning/engine/address"
	"github.com/hutubi-edu/zoning/engine/dataset"
	"github.com/hutubi-edu/zoning/engine/notice"
)

type detailsView struct {
	Proposals []proposalDetails
}

type proposalDetails struct {
	Plan     planHead
	Places   []placeRow
	Units    []placeRow
	Moves    []buildingRow
	Entrants int // moved
}

// placeRow is a place or a unit whose zone school changes.
type placeRow struct {
	Level, Name, Kind    string
	From, To             string
	Households, Entrants int
}

// buildingRow is the moved entrants of one building (or house, or address
// without a building) between one old and one new zone school.
type buildingRow struct {
	Level, Address   string
	From, To         string
	N                int
	OldDist, NewDist string // mean, metres
}

// detailsData lists, for each proposal, the villages, compounds and
// streets whose zone school changes, the units, and the moved entrants by
// building.
func (cv *compareView) detailsData() (any, error) {
	var out detailsView
	for _, p := range cv.props {
		ch := p.o.Change
		d := proposalDetails{Plan: p.head, Entrants: len(ch.Moves)}
		for _, pc := range ch.Places {
			d.Places = append(d.Places, placeRow{Level: pc.Level.Chinese(), Name: pc.Name + pc.GroupsText(), Kind: pc.Kind,
				From: cv.zoneName(pc.Level, pc.Old, noOldZone), To: cv.zoneName(pc.Level, pc.New, noNewZone),
				Households: pc.Households, Entrants: pc.Entrants})
		}
		for _, uc := range ch.Units {
			d.Units = append(d.Units, placeRow{Level: uc.Level.Chinese(), Name: uc.Name,
				From: cv.zoneName(uc.Level, uc.Old, noOldZone), To: cv.zoneName(uc.Level, uc.New, noNewZone),
				Households: uc.Households, Entrants: uc.Entrants})
		}
		d.Moves = cv.buildingRows(ch.Moves)
		out.Proposals = append(out.Proposals, d)
	}
	return out, nil
}

// buildingRows groups moves by level, address cut at the building, and old
// and new school: per level, in address order (numbers compared as
// numbers), then by the schools.
func (cv *compareView) buildingRows(moves []engine.Move) []buildingRow {
	type key struct {
		level    dataset.Level
		addr     string
		old, new int
	}
	type group struct {
		key
		n              int
		oldSum, newSum float64
	}
	at := map[key]int{}
	var gs []group
	parser := cv.ds.Parser()
	for _, m := range moves {
		k := key{m.Level, buildingAddress(parser, cv.ds.Households[m.Household].Address), m.Old, m.New}
		i, ok := at[k]
		if !ok {
			i = len(gs)
			at[k] = i
			gs = append(gs, group{key: k})
		}
		gs[i].n++
		gs[i].oldSum += m.OldDistM
		gs[i].newSum += m.NewDistM
	}
	rank := func(l dataset.Level) int { return slices.Index(dataset.Levels, l) }
	slices.SortStableFunc(gs, func(a, b group) int {
		return cmp.Or(cmp.Compare(rank(a.level), rank(b.level)), naturalCompare(a.addr, b.addr),
			cmp.Compare(a.old, b.old), cmp.Compare(a.new, b.new))
	})
	out := make([]buildingRow, len(gs))
	for i, g := range gs {
		r := buildingRow{Level: g.level.Chinese(), Address: g.addr, From: cv.schoolName(g.old, g.level, noOldZone),
			To: cv.schoolName(g.new, g.level, noNewZone), N: g.n, OldDist: none, NewDist: none}
		if oldMean := g.oldSum / float64(g.n); g.old >= 0 {
			r.OldDist = metresNum(&oldMean)
		}
		if newMean := g.newSum / float64(g.n); g.new >= 0 {
			r.NewDist = metresNum(&newMean)
		}
		out[i] = r
	}
	return out
}

// buildingAddress writes an address down to its building, for a page that
// parents' representatives read: the canonical address (as the dataset's
// parser p reads it) without the unit (单元) and the room (室), nor, once it
// names a unit, room or building, the text after them that the parser did
// not read. An address that leaves nothing is notice.NoAddress.
func buildingAddress(p *address.Parser, addr string) string {
	if strings.TrimSpace(addr) == "" {
		return notice.NoAddress
	}
	a := p.Parse(addr)
	if a.Building != "" || a.Unit != "" || a.Room != "" {
		a.Extra = ""
	}
	a.Unit, a.Room = "", ""
	if s := a.String(); s != "" {
		return s
	}
	return notice.NoAddress
}
