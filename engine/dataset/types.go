package dataset

import (
	"fmt"

	"github.com/paulmach/orb"

	"github.com/hutubi-edu/zoning/engine/address"
	"github.com/hutubi-edu/zoning/geo"
	"github.com/hutubi-edu/zoning/geo/roads"
)

// Level is a school level: primary (grades 1–6) or junior (grades 7–9).
type Level string

// The two levels of compulsory education.
const (
	Primary Level = "primary" // 小学, grades 1–6
	Junior  Level = "junior"  // 初中, grades 7–9
)

// Levels lists the levels in their customary order.
var Levels = []Level{Primary, Junior}

// ParseLevel reads a level name.
func ParseLevel(s string) (Level, error) {
	switch Level(s) {
	case Primary, Junior:
		return Level(s), nil
	}
	return "", fmt.Errorf("dataset: unknown level %q (accepted: primary, junior)", s)
}

// EntryGrade is the grade in which children enter the level: 1 or 7.
func (l Level) EntryGrade() int {
	if l == Junior {
		return 7
	}
	return 1
}

// Grades returns the first and last grade of the level.
func (l Level) Grades() (first, last int) {
	if l == Junior {
		return 7, 9
	}
	return 1, 6
}

// LevelOfGrade returns the level a grade 1–9 belongs to.
func LevelOfGrade(g int) Level {
	if g >= 7 {
		return Junior
	}
	return Primary
}

// Chinese returns the level's Chinese name: 小学 or 初中.
func (l Level) Chinese() string {
	if l == Junior {
		return "初中"
	}
	return "小学"
}

// AreaType classifies a school's location as the evaluation does.
type AreaType string

// Area types. The nearby ratio of docs/policy.md counts urban and town schools.
const (
	AreaUnknown AreaType = ""
	Urban       AreaType = "urban" // 城区
	Town        AreaType = "town"  // 镇区
	Rural       AreaType = "rural" // 乡村
)

// Hukou is a household's registration: local or migrant (随迁).
type Hukou string

// Household registrations.
const (
	Local   Hukou = "local"   // 户籍 in the county
	Migrant Hukou = "migrant" // 随迁: registered elsewhere
)

// Meta is dataset.yaml.
type Meta struct {
	Name     string  `yaml:"name"`
	BaseYear int     `yaml:"base_year"`
	CRS      geo.CRS `yaml:"crs,omitempty"`
	Boundary string  `yaml:"boundary,omitempty"`
	// Places are the county's place names (optional key places:): the
	// prefixes, townships, communities and villages its addresses are read
	// with. nil when dataset.yaml lists none: Dataset.Parser then infers
	// them from the addresses.
	Places *address.Gazetteer `yaml:"places,omitempty"`
	// Roads and Barriers name the road layer's files in the folder
	// (optional keys roads: and barriers:): roads .geojson, .gpkg, .osm or
	// .osm.pbf, barriers .geojson or .gpkg; "" when absent.
	Roads    string `yaml:"roads,omitempty"`
	Barriers string `yaml:"barriers,omitempty"`
}

// School is one campus of schools.csv. Pointer fields are optional columns:
// nil means absent.
type School struct {
	ID           string
	Name         string
	Loc          orb.Point // WGS84 lon, lat
	PrimarySeats int       // places for grades 1–6; 0 = no primary section
	JuniorSeats  int       // places for grades 7–9; 0 = no junior section

	PrimaryIntake *int // places for grade 1 in the target year
	JuniorIntake  *int // places for grade 7 in the target year

	AreaType AreaType
	Boarding bool
	Public   bool // absent = true

	TeachingAreaM2    *float64 // floor area of teaching and auxiliary rooms, m²
	SportsAreaM2      *float64 // sports ground area, m²
	TeachersQualified *float64 // teachers above the required qualification
	TeachersBackbone  *float64 // county-level-or-higher backbone teachers
	TeachersPEArt     *float64 // PE and art teachers
	EquipmentYuan     *float64 // teaching equipment value, 元
	MultimediaRooms   *float64 // networked multimedia classrooms

	// Optional columns added by this project (docs/dataset-format.md allows them).
	Address    string // campus address
	NineYear   bool   // nine_year: 九年一贯制, size cap 2500
	MusicRooms *int   // music_rooms
	ArtRooms   *int   // art_rooms
	// PrimaryClassrooms, JuniorClassrooms: the section's general
	// classrooms (普通教室), one class to a room (primary_classrooms,
	// junior_classrooms); nil: derived from the seats.
	PrimaryClassrooms, JuniorClassrooms *int
	// Feeds is the school_id of the junior school the primary section
	// feeds (对口初中, the feeds column); "" where the plan decides.
	Feeds string

	Line int // line in schools.csv, for messages; 0 when not loaded
}

// Seats returns the section's seats for a level.
func (s *School) Seats(l Level) int {
	if l == Junior {
		return s.JuniorSeats
	}
	return s.PrimarySeats
}

// Intake returns the optional intake column for a level, nil when absent.
func (s *School) Intake(l Level) *int {
	if l == Junior {
		return s.JuniorIntake
	}
	return s.PrimaryIntake
}

// Classrooms returns the optional classrooms column for a level, nil when
// absent.
func (s *School) Classrooms(l Level) *int {
	if l == Junior {
		return s.JuniorClassrooms
	}
	return s.PrimaryClassrooms
}

// HasLevel reports whether the campus has a section of the level.
func (s *School) HasLevel(l Level) bool { return s.Seats(l) > 0 }

// Household is one row of households.csv.
type Household struct {
	ID      string
	Loc     orb.Point // WGS84 lon, lat
	Address string
	Hukou   Hukou
	Permit  bool // holds a residence permit (居住证); meaningful for migrants

	// Optional column added by this project: the neighbourhood committee
	// (社区) or village committee (村委会) the home belongs to.
	Community string

	Line int
}

// Child is one row of children.csv.
type Child struct {
	ID          string
	HouseholdID string
	BirthYear   int
	Grade       int    // in the base year; 0 = not in school yet
	SchoolID    string // current school when Grade ≥ 1
	Disability  bool   // needs = disability

	Line int
}

// GradeIn returns the child's grade in school year y of a dataset whose base
// year is base, per docs/dataset-format.md: 0 before school, 1–9 in school, and 10 or
// more once the child has left grade 9.
func (c *Child) GradeIn(y, base int) int {
	if c.Grade >= 1 {
		return c.Grade + y - base
	}
	entry := max(c.BirthYear+6, base+1)
	if y < entry {
		return 0
	}
	return y - entry + 1
}

// Zone is one feature of a zones.geojson: the area of a level whose homes
// belong to a school.
type Zone struct {
	Level    Level
	SchoolID string
	ZoneID   string // shared by the schools of a multi-school zone; may be empty
	Geometry orb.MultiPolygon
	// Line is the line of the zone's feature in the file read (0 when the
	// zone was not read from a GeoJSON file), for messages.
	Line int
}

// Dataset is a loaded dataset folder.
type Dataset struct {
	Meta       Meta
	Schools    []School
	Households []Household
	Children   []Child
	Boundary   orb.MultiPolygon // nil when dataset.yaml names none
	Zones      []Zone           // the zones in force; nil when absent
	// Roads is the road layer (Meta.Roads, Meta.Barriers) read with
	// geo/roads; nil when dataset.yaml names none.
	Roads *roads.Network

	// Warnings are what Load noticed but accepted, such as unknown columns
	// (ignored), as FILE:LINE: message. Files does not write them.
	Warnings []Problem
	// FixGeometry is set by Load with WithFixGeometry: invalid polygons
	// were repaired, and plans read against this dataset are repaired too.
	FixGeometry bool

	schoolIdx    map[string]int
	householdIdx map[string]int
	parser       *parserCache // shared by copies of the Dataset; see Parser
}

// Index rebuilds the id lookups and forgets the address parser (Parser
// builds it anew). Load calls it; call it after changing the slices or
// Meta.Places by hand.
func (d *Dataset) Index() {
	d.parser = &parserCache{}
	d.schoolIdx = make(map[string]int, len(d.Schools))
	for i := range d.Schools {
		d.schoolIdx[d.Schools[i].ID] = i
	}
	d.householdIdx = make(map[string]int, len(d.Households))
	for i := range d.Households {
		d.householdIdx[d.Households[i].ID] = i
	}
}

// School returns the campus with the id, or nil.
func (d *Dataset) School(id string) *School {
	if d.schoolIdx == nil {
		d.Index()
	}
	if i, ok := d.schoolIdx[id]; ok {
		return &d.Schools[i]
	}
	return nil
}

// SchoolIndex returns the index in d.Schools of the campus with the id, or -1.
func (d *Dataset) SchoolIndex(id string) int {
	if d.schoolIdx == nil {
		d.Index()
	}
	if i, ok := d.schoolIdx[id]; ok {
		return i
	}
	return -1
}

// HouseholdIndex returns the index in d.Households of the household with the
// id, or -1.
func (d *Dataset) HouseholdIndex(id string) int {
	if d.householdIdx == nil {
		d.Index()
	}
	if i, ok := d.householdIdx[id]; ok {
		return i
	}
	return -1
}

// Household returns the household with the id, or nil.
func (d *Dataset) Household(id string) *Household {
	if d.householdIdx == nil {
		d.Index()
	}
	if i, ok := d.householdIdx[id]; ok {
		return &d.Households[i]
	}
	return nil
}
