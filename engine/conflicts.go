package engine

import (
	"fmt"
	"strings"
)

// ConflictReport says why a level's zones do not seat everyone in zone
// although its schools together have the places (metrics.json "conflicts",
// a project key): a school whose zone holds more entrants than its intake,
// the units on its border that would have to leave, and the room its
// neighbours have. It reports what the redraw found, not a proof that no
// connected plan exists.
type ConflictReport struct {
	Level      string         `json:"level"`
	SchoolID   string         `json:"school_id"` // for a multi-school zone, its zone_id
	Name       string         `json:"name"`
	Intake     int            `json:"intake_capacity"`
	Excess     int            `json:"excess"`          // entrants of its zone beyond the intake
	Locked     int            `json:"locked_entrants"` // of which live in units pinned to it (campus, pins)
	Units      []ConflictUnit `json:"units"`           // its border units, most entrants first
	Neighbours []ConflictRoom `json:"neighbours"`      // the zones next to it, most room first
}

// ConflictUnit is a unit on the border of an over-full zone.
type ConflictUnit struct {
	Name     string `json:"name"`
	Entrants int    `json:"entrants"`
}

// ConflictRoom is a neighbouring zone and the places it has left.
type ConflictRoom struct {
	SchoolID string `json:"school_id"`
	Name     string `json:"name"`
	Room     int    `json:"room"`
}

// Conflicts returns the conflicts of every level, from the redraw's
// statistics (none for a given plan).
func (r *Result) Conflicts() []ConflictReport {
	var out []ConflictReport
	for _, lr := range r.Levels {
		if lr.plan.Stats == nil {
			continue
		}
		for _, c := range lr.plan.Stats.Conflicts {
			id, name := r.zoneLabel(lr, c.School)
			rep := ConflictReport{Level: string(lr.Level), SchoolID: id, Name: name, Excess: c.Excess,
				Locked: c.LockedEntrants}
			if c.School < len(lr.problem.Schools) {
				rep.Intake = lr.problem.Schools[c.School].Capacity
			}
			for i, u := range c.Units {
				rep.Units = append(rep.Units, ConflictUnit{Name: r.UnitName(u), Entrants: c.Entrants[i]})
			}
			for i, k := range c.Neighbours {
				id, name := r.zoneLabel(lr, k)
				rep.Neighbours = append(rep.Neighbours, ConflictRoom{SchoolID: id, Name: name, Room: c.Room[i]})
			}
			out = append(out, rep)
		}
	}
	return out
}

// zoneLabel returns the id and name of zone z of a level: its school's, or
// for a multi-school zone its zone_id and its schools' names.
func (r *Result) zoneLabel(lr *LevelResult, z int) (string, string) {
	if z < 0 || z >= len(lr.Zones) {
		return "", ""
	}
	ds := r.Dataset
	if z < len(lr.Zones) && lr.Zones[z].ID != "" {
		var names []string
		for _, j := range lr.Zones[z].Schools {
			names = append(names, ds.Schools[j].Name)
		}
		return lr.Zones[z].ID, strings.Join(names, "、")
	}
	j := lr.Zones[z].Schools[0]
	return ds.Schools[j].ID, ds.Schools[j].Name
}

// String says the conflict in a sentence: which school is over, by how
// much, what would have to leave and where there is room.
func (c ConflictReport) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s %s (intake %d) is %d over", c.Level, c.Name, c.Intake, c.Excess)
	if c.Locked > 0 {
		fmt.Fprintf(&b, ", %d of them in its pinned units", c.Locked)
	}
	if len(c.Units) > 0 {
		b.WriteString("; its border units ")
		for i, u := range c.Units {
			if i > 0 {
				b.WriteString(", ")
			}
			fmt.Fprintf(&b, "%s (%d)", u.Name, u.Entrants)
		}
	}
	if len(c.Neighbours) > 0 {
		b.WriteString(" would not fit next door: ")
		for i, n := range c.Neighbours {
			if i > 0 {
				b.WriteString(", ")
			}
			fmt.Fprintf(&b, "%s has %d places left", n.Name, n.Room)
		}
	}
	return b.String()
}
