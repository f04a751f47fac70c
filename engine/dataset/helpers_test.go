package dataset

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strconv"
	"testing"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"
)

// reprojectCSV converts the lon and lat columns of a CSV file, writing them
// with 10 decimals.
func reprojectCSV(t *testing.T, b []byte, conv func(lon, lat float64) (float64, float64)) string {
	t.Helper()
	rows, err := csv.NewReader(bytes.NewReader(b)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	lonCol, latCol := slices.Index(rows[0], "lon"), slices.Index(rows[0], "lat")
	if lonCol >= 0 {
		for _, r := range rows[1:] {
			lon, err1 := strconv.ParseFloat(r[lonCol], 64)
			lat, err2 := strconv.ParseFloat(r[latCol], 64)
			if err1 != nil || err2 != nil {
				t.Fatalf("bad coordinates %q %q", r[lonCol], r[latCol])
			}
			lon, lat = conv(lon, lat)
			r[lonCol] = strconv.FormatFloat(lon, 'f', 10, 64)
			r[latCol] = strconv.FormatFloat(lat, 'f', 10, 64)
		}
	}
	var out bytes.Buffer
	w := csv.NewWriter(&out)
	if err := w.WriteAll(rows); err != nil {
		t.Fatal(err)
	}
	return out.String()
}

// reprojectJSON converts every coordinate of a FeatureCollection of
// polygons, using orb's GeoJSON codec (not the loader's).
func reprojectJSON(t *testing.T, b []byte, conv func(lon, lat float64) (float64, float64)) string {
	t.Helper()
	fc, err := geojson.UnmarshalFeatureCollection(b)
	if err != nil {
		t.Fatal(err)
	}
	ring := func(r orb.Ring) {
		for i, p := range r {
			r[i][0], r[i][1] = conv(p[0], p[1])
		}
	}
	for _, f := range fc.Features {
		switch g := f.Geometry.(type) {
		case orb.Polygon:
			for _, r := range g {
				ring(r)
			}
		case orb.MultiPolygon:
			for _, p := range g {
				for _, r := range p {
					ring(r)
				}
			}
		default:
			t.Fatalf("geometry %T", g)
		}
	}
	out, err := fc.MarshalJSON()
	if err != nil {
		t.Fatal(err)
	}
	return string(out)
}

// synthetic builds a county-sized dataset: a 2000-point wavy outline around
// Hutubi's county seat, schools, households and children inside it, drawn
// from a seeded generator. Coordinates have 6 decimals, as Files writes
// them, so that the dataset survives Files and Load unchanged.
func synthetic(schools, households, children int) *Dataset {
	rng := rand.New(rand.NewPCG(7, 11))
	c := orb.Point{86.9, 44.2}
	radius := func(a float64) float64 { return 0.4 * (0.85 + 0.15*math.Sin(5*a)) }
	var ring orb.Ring
	for i := 0; i < 2000; i++ {
		a := 2 * math.Pi * float64(i) / 2000
		r := radius(a)
		ring = append(ring, orb.Point{round7(c[0] + r*math.Cos(a)), round7(c[1] + r*math.Sin(a))})
	}
	ring = append(ring, ring[0])
	// A point at most 90 % of the way out, so inside the outline.
	inside := func() orb.Point {
		a := rng.Float64() * 2 * math.Pi
		r := radius(a) * 0.9 * math.Sqrt(rng.Float64())
		return orb.Point{round6(c[0] + r*math.Cos(a)), round6(c[1] + r*math.Sin(a))}
	}
	d := &Dataset{
		Meta:     Meta{Name: "合成县", BaseYear: 2026, CRS: "wgs84", Boundary: BoundaryFile},
		Boundary: orb.MultiPolygon{{ring}},
	}
	for i := 0; i < schools; i++ {
		s := School{ID: fmt.Sprintf("S%03d", i), Name: fmt.Sprintf("学校%d", i), Loc: inside(), Public: true}
		switch i % 3 {
		case 0:
			s.PrimarySeats = 1000 + rng.IntN(1000)
		case 1:
			s.JuniorSeats = 800 + rng.IntN(800)
		default:
			s.PrimarySeats, s.JuniorSeats, s.NineYear = 600, 400, true
		}
		s.AreaType = []AreaType{Urban, Town, Rural}[rng.IntN(3)]
		d.Schools = append(d.Schools, s)
	}
	for i := 0; i < households; i++ {
		h := Household{ID: fmt.Sprintf("H%06d", i), Loc: inside(), Address: fmt.Sprintf("某镇某村%d组%d号", i%17, i), Hukou: Local}
		if rng.IntN(10) == 0 {
			h.Hukou, h.Permit = Migrant, rng.IntN(2) == 0
		}
		d.Households = append(d.Households, h)
	}
	var primary, junior []string
	for _, s := range d.Schools {
		if s.PrimarySeats > 0 {
			primary = append(primary, s.ID)
		}
		if s.JuniorSeats > 0 {
			junior = append(junior, s.ID)
		}
	}
	for i := 0; i < children; i++ {
		g := rng.IntN(10)
		ch := Child{ID: fmt.Sprintf("C%06d", i), HouseholdID: d.Households[rng.IntN(households)].ID, Grade: g,
			BirthYear: 2026 - 6 - g, Disability: rng.IntN(200) == 0}
		switch {
		case g == 0:
			ch.BirthYear = 2020 + rng.IntN(4)
		case g <= 6:
			ch.SchoolID = primary[rng.IntN(len(primary))]
		default:
			ch.SchoolID = junior[rng.IntN(len(junior))]
		}
		d.Children = append(d.Children, ch)
	}
	return d
}

func round6(v float64) float64 { return math.Round(v*1e6) / 1e6 }
func round7(v float64) float64 { return math.Round(v*1e7) / 1e7 }
