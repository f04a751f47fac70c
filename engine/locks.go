package engine

import (
	"cmp"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"strconv"
	"strings"

	"github.com/paulmach/orb"

	"github.com/hutubi-edu/zoning/engine/dataset"
)

// Locks are a planner's fixed decisions for a redraw: homes pinned to a
// school's zone, school sections closed to new entrants, and schools that
// share one zone (多校划片).
type Locks struct {
	Pins   []Pin
	Closed map[dataset.Level]map[int]bool // Closed[level][school index]: takes no entrants, has no zone
	// Shares[level][zone_id]: the schools (indexes into ds.Schools, in the
	// file's order) that share the zone; seats are drawn by lot.
	Shares map[dataset.Level]map[string][]int
}

// Pin keeps the homes of one unit in a school's zone.
type Pin struct {
	Level  dataset.Level
	School int // index into ds.Schools
	// Households names the homes of the pinned unit (indexes into
	// ds.Households): those whose address shares the pin's key, or the
	// one at the pinned point.
	Households []int
	Loc        *orb.Point // the pinned point, when the lock gave lon and lat
	Line       int        // the line of the locks file
}

// IsClosed reports whether the school's section of the level is closed.
func (l *Locks) IsClosed(level dataset.Level, j int) bool {
	return l != nil && l.Closed[level][j]
}

// ReadLocksFile reads a locks CSV file; see ReadLocks.
func ReadLocksFile(path string, ds *dataset.Dataset) (*Locks, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, dataset.Problems{{File: path, Line: 1, Msg: err.Error()}}
	}
	defer f.Close()
	return ReadLocks(f, path, ds)
}

// ReadLocks reads a planner's locks, a CSV file with a header and the columns
// level (primary|junior), school_id, lock (pin|closed|share), and for a pin
// either address (any address of the compound, village group or house to
// pin: all homes sharing its compound or village group go with it) or lon and
// lat (WGS84; the unit holding that point); for a share, zone_id names the
// multi-school zone (多校划片) the school belongs to, and at least two schools
// must name it. Every problem is reported as FILE:LINE: message in a
// dataset.Problems error.
func ReadLocks(r io.Reader, name string, ds *dataset.Dataset) (*Locks, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	var probs dataset.Problems
	bad := func(line int, format string, a ...any) {
		probs = append(probs, dataset.Problem{File: name, Line: line, Msg: fmt.Sprintf(format, a...)})
	}
	header, err := cr.Read()
	if err != nil {
		bad(1, "no header: want level,school_id,lock and address or lon,lat")
		return nil, probs
	}
	col := map[string]int{}
	for i, h := range header {
		col[strings.TrimPrefix(strings.TrimSpace(h), "\ufeff")] = i
	}
	for _, need := range []string{"level", "school_id", "lock"} {
		if _, ok := col[need]; !ok {
			bad(1, "missing column %s (want level,school_id,lock and address or lon,lat)", need)
		}
	}
	if len(probs) > 0 {
		return nil, probs
	}
	parser := ds.Parser()
	keys := map[string][]int{}
	for h := range ds.Households {
		k := parser.Parse(ds.Households[h].Address).Key()
		keys[k] = append(keys[k], h)
	}
	get := func(rec []string, c string) string {
		if i, ok := col[c]; ok && i < len(rec) {
			return strings.TrimSpace(rec[i])
		}
		return ""
	}
	l := &Locks{Closed: map[dataset.Level]map[int]bool{}, Shares: map[dataset.Level]map[string][]int{}}
	shareLine := map[string]int{}
	inShare := map[string]string{}
	for {
		line, _ := cr.FieldPos(0)
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			bad(line, "%v", err)
			break
		}
		line, _ = cr.FieldPos(0)
		level, err := dataset.ParseLevel(get(rec, "level"))
		if err != nil {
			bad(line, "level %q: want primary or junior", get(rec, "level"))
			continue
		}
		j := ds.SchoolIndex(get(rec, "school_id"))
		if j < 0 {
			bad(line, "school_id %q does not exist in schools.csv", get(rec, "school_id"))
			continue
		}
		if !ds.Schools[j].HasLevel(level) {
			bad(line, "school %s has no %s section", ds.Schools[j].ID, level)
			continue
		}
		switch get(rec, "lock") {
		case "share":
			id := get(rec, "zone_id")
			if id == "" {
				bad(line, "a share needs a zone_id naming the multi-school zone")
				continue
			}
			key := string(level) + "\x00" + ds.Schools[j].ID
			if prev, ok := inShare[key]; ok {
				bad(line, "school %s already shares %s zone %q", ds.Schools[j].ID, level, prev)
				continue
			}
			inShare[key] = id
			if l.Shares[level] == nil {
				l.Shares[level] = map[string][]int{}
			}
			l.Shares[level][id] = append(l.Shares[level][id], j)
			if _, ok := shareLine[string(level)+"\x00"+id]; !ok {
				shareLine[string(level)+"\x00"+id] = line
			}
		case "closed":
			if l.Closed[level] == nil {
				l.Closed[level] = map[int]bool{}
			}
			l.Closed[level][j] = true
		case "pin":
			p := Pin{Level: level, School: j, Line: line}
			addr, lon, lat := get(rec, "address"), get(rec, "lon"), get(rec, "lat")
			switch {
			case addr != "":
				p.Households = keys[parser.Parse(addr).Key()]
				if len(p.Households) == 0 {
					bad(line, "address %q matches no household (pin by a compound, village group or house address of households.csv, or by lon,lat)", addr)
					continue
				}
			case lon != "" && lat != "":
				x, err1 := strconv.ParseFloat(lon, 64)
				y, err2 := strconv.ParseFloat(lat, 64)
				if err1 != nil || err2 != nil || x < 73 || x > 136 || y < 3 || y > 54 {
					bad(line, "lon %q, lat %q: want WGS84 decimal degrees in China (lon 73–136, lat 3–54)", lon, lat)
					continue
				}
				pt := orb.Point{x, y}
				p.Loc = &pt
			default:
				bad(line, "a pin needs an address or lon and lat")
				continue
			}
			l.Pins = append(l.Pins, p)
		default:
			bad(line, "lock %q: want pin, closed or share", get(rec, "lock"))
		}
	}
	for _, p := range l.Pins {
		if l.IsClosed(p.Level, p.School) {
			bad(p.Line, "pin to %s, which the locks close to %s entrants", ds.Schools[p.School].ID, p.Level)
		}
	}
	for level, zs := range l.Shares {
		for id, members := range zs {
			line := shareLine[string(level)+"\x00"+id]
			if len(members) < 2 {
				bad(line, "%s zone %q is shared by one school only: name at least two", level, id)
			}
			for _, j := range members {
				if l.IsClosed(level, j) {
					bad(line, "%s zone %q includes %s, which the locks close", level, id, ds.Schools[j].ID)
				}
			}
		}
	}
	if len(probs) > 0 {
		sortByLine(probs)
		return nil, probs
	}
	return l, nil
}

func sortByLine(ps dataset.Problems) {
	slices.SortStableFunc(ps, func(a, b dataset.Problem) int { return cmp.Compare(a.Line, b.Line) })
}
