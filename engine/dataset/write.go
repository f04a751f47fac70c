package dataset

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"os"
	"path/filepath"
	"strconv"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"
)

// File names of a dataset folder.
const (
	MetaFile       = "dataset.yaml"
	SchoolsFile    = "schools.csv"
	HouseholdsFile = "households.csv"
	ChildrenFile   = "children.csv"
	ZonesFile      = "zones.geojson"
	BoundaryFile   = "boundary.geojson" // the default name; dataset.yaml may name another
)

// Column headers as Write emits them: the docs/dataset-format.md columns first, then the
// optional columns this project adds.
var (
	SchoolColumns = []string{"school_id", "name", "lon", "lat", "primary_seats", "junior_seats",
		"primary_intake", "junior_intake", "area_type", "boarding", "public",
		"teaching_area_m2", "sports_area_m2", "teachers_qualified", "teachers_backbone",
		"teachers_pe_art", "equipment_yuan", "multimedia_rooms",
		"address", "nine_year", "music_rooms", "art_rooms", "primary_classrooms", "junior_classrooms"}
	HouseholdColumns = []string{"household_id", "lon", "lat", "address", "hukou", "permit", "community"}
	ChildColumns     = []string{"child_id", "household_id", "birth_year", "grade", "school_id", "needs"}
)

// Files renders the dataset as the bytes of its folder, keyed by file name.
// Coordinates are written in WGS84 whatever Meta.CRS says, and Meta.CRS is
// written as wgs84. The output is deterministic: the same dataset gives the
// same bytes.
func (d *Dataset) Files() (map[string][]byte, error) {
	out := map[string][]byte{}
	meta := d.Meta
	meta.CRS = "wgs84"
	if d.Boundary != nil && meta.Boundary == "" {
		meta.Boundary = BoundaryFile
	}
	var y bytes.Buffer
	fmt.Fprintf(&y, "name: %s\nbase_year: %d\ncrs: %s\n", strconv.Quote(meta.Name), meta.BaseYear, meta.CRS)
	if d.Boundary != nil {
		fmt.Fprintf(&y, "boundary: %s\n", meta.Boundary)
	}
	var roadsJSON, barriersJSON []byte
	if d.Roads != nil {
		// The layer is written as GeoJSON, under the names Meta gives
		// when they are GeoJSON names.
		if !hasFormat(meta.Roads, []string{".geojson"}) {
			meta.Roads = RoadsFile
		}
		if !hasFormat(meta.Barriers, []string{".geojson"}) || meta.Barriers == meta.Roads {
			meta.Barriers = BarriersFile
		}
		var err error
		if roadsJSON, barriersJSON, err = roadFiles(d.Roads); err != nil {
			return nil, err
		}
		fmt.Fprintf(&y, "roads: %s\n", meta.Roads)
		if barriersJSON != nil {
			fmt.Fprintf(&y, "barriers: %s\n", meta.Barriers)
		}
	}
	if meta.Places != nil {
		writePlaces(&y, meta.Places)
	}
	out[MetaFile] = y.Bytes()
	if roadsJSON != nil {
		out[meta.Roads] = roadsJSON
		if barriersJSON != nil {
			out[meta.Barriers] = barriersJSON
		}
	}

	rows := [][]string{SchoolColumns}
	for i := range d.Schools {
		s := &d.Schools[i]
		rows = append(rows, []string{s.ID, s.Name, coord(s.Loc[0]), coord(s.Loc[1]),
			strconv.Itoa(s.PrimarySeats), strconv.Itoa(s.JuniorSeats),
			optInt(s.PrimaryIntake), optInt(s.JuniorIntake), string(s.AreaType),
			bit(s.Boarding), bit(s.Public),
			optFloat(s.TeachingAreaM2), optFloat(s.SportsAreaM2), optFloat(s.TeachersQualified),
			optFloat(s.TeachersBackbone), optFloat(s.TeachersPEArt), optFloat(s.EquipmentYuan),
			optFloat(s.MultimediaRooms), s.Address, bit(s.NineYear), optInt(s.MusicRooms), optInt(s.ArtRooms),
			optInt(s.PrimaryClassrooms), optInt(s.JuniorClassrooms)})
	}
	withFeeds(rows, d.Schools)
	var err error
	if out[SchoolsFile], err = csvBytes(rows); err != nil {
		return nil, err
	}

	rows = [][]string{HouseholdColumns}
	for i := range d.Households {
		h := &d.Households[i]
		permit := ""
		if h.Hukou == Migrant {
			permit = bit(h.Permit)
		}
		rows = append(rows, []string{h.ID, coord(h.Loc[0]), coord(h.Loc[1]), h.Address, string(h.Hukou), permit, h.Community})
	}
	if out[HouseholdsFile], err = csvBytes(rows); err != nil {
		return nil, err
	}

	rows = [][]string{ChildColumns}
	for i := range d.Children {
		c := &d.Children[i]
		needs := "none"
		if c.Disability {
			needs = "disability"
		}
		rows = append(rows, []string{c.ID, c.HouseholdID, strconv.Itoa(c.BirthYear), strconv.Itoa(c.Grade), c.SchoolID, needs})
	}
	if out[ChildrenFile], err = csvBytes(rows); err != nil {
		return nil, err
	}

	if d.Boundary != nil {
		fc := geojson.NewFeatureCollection()
		f := geojson.NewFeature(roundGeometry(d.Boundary))
		f.Properties["name"] = d.Meta.Name
		fc.Append(f)
		if out[meta.Boundary], err = MarshalFeatures(fc); err != nil {
			return nil, err
		}
	}
	if d.Zones != nil {
		fc := geojson.NewFeatureCollection()
		for _, z := range d.Zones {
			f := geojson.NewFeature(roundGeometry(z.Geometry))
			f.Properties["level"] = string(z.Level)
			f.Properties["school_id"] = z.SchoolID
			if z.ZoneID != "" {
				f.Properties["zone_id"] = z.ZoneID
			}
			fc.Append(f)
		}
		if out[ZonesFile], err = MarshalFeatures(fc); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// Write writes the dataset folder into dir, creating it if needed.
func (d *Dataset) Write(dir string) error {
	files, err := d.Files()
	if err != nil {
		return err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("dataset: %w", err)
	}
	for name, b := range files {
		if err := os.WriteFile(filepath.Join(dir, name), b, 0o644); err != nil {
			return fmt.Errorf("dataset: %w", err)
		}
	}
	return nil
}

func csvBytes(rows [][]string) ([]byte, error) {
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	if err := w.WriteAll(rows); err != nil {
		return nil, fmt.Errorf("dataset: %w", err)
	}
	return b.Bytes(), nil
}

// MarshalFeatures writes a feature collection with one feature a line, as
// every GeoJSON file the engine writes is: diffs of committed datasets stay
// readable, and no line of a large file grows with the file.
func MarshalFeatures(fc *geojson.FeatureCollection) ([]byte, error) {
	var b bytes.Buffer
	b.WriteString("{\"type\":\"FeatureCollection\",\"features\":[\n")
	for i, f := range fc.Features {
		j, err := f.MarshalJSON()
		if err != nil {
			return nil, fmt.Errorf("dataset: %w", err)
		}
		b.Write(j)
		if i < len(fc.Features)-1 {
			b.WriteByte(',')
		}
		b.WriteByte('\n')
	}
	b.WriteString("]}\n")
	return b.Bytes(), nil
}

// roundGeometry rounds coordinates to 1e-7 degree (about 1 cm).
func roundGeometry(mp orb.MultiPolygon) orb.Geometry {
	r := func(v float64) float64 {
		f, _ := strconv.ParseFloat(strconv.FormatFloat(v, 'f', 7, 64), 64)
		return f
	}
	out := make(orb.MultiPolygon, len(mp))
	for i, p := range mp {
		out[i] = make(orb.Polygon, len(p))
		for j, ring := range p {
			out[i][j] = make(orb.Ring, len(ring))
			for k, pt := range ring {
				out[i][j][k] = orb.Point{r(pt[0]), r(pt[1])}
			}
		}
	}
	if len(out) == 1 {
		return out[0]
	}
	return out
}

func coord(v float64) string { return strconv.FormatFloat(v, 'f', 6, 64) }

func bit(b bool) string {
	if b {
		return "1"
	}
	return "0"
}

func optInt(p *int) string {
	if p == nil {
		return ""
	}
	return strconv.Itoa(*p)
}

func optFloat(p *float64) string {
	if p == nil {
		return ""
	}
	return strconv.FormatFloat(*p, 'f', -1, 64)
}
