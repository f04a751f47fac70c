// Package scenario reads planning scenarios: YAML files listing dated events
// that change a county's schools year by year (a campus opens, a school moves
// to another campus, floor area is handed over or built, a section's intake
// moves to other schools, teachers are recruited). A scenario is data: a
// county writes its own without code changes. Package simulate applies the
// events; this package reads and checks them.
//
// A scenario file:
//
//	name: 呼图壁县优质均衡创建方案
//	evaluation: 2026-06         # the national evaluation (验收), optional
//	events:
//	  - id: xin-yizhong
//	    year: 2022              # school year it takes effect (September)
//	    kind: open
//	    school: hz06
//	    seats: {junior: 2400}
//	    source: 正文四(三)       # its place in the plan, shown in reports
//
// Kinds and their keys (besides id, year, kind, source, note and after):
//
//	open          school, seats {primary, junior}: sets the section's seats (≥ 1)
//	relocate      school, to, leaves_to, leaves: the school takes campus to's
//	              location, address, area type and fixed facilities (floor
//	              and sports area, music and art rooms); its pupils,
//	              teachers, equipment and multimedia rooms move with it, and
//	              the equipment and multimedia rooms left on campus to
//	              become the school's; campus to is left with no seats and
//	              no facilities. The school's old campus goes to the school
//	              leaves_to names: the facilities leaves lists (any of
//	              teaching_area_m2, sports_area_m2, music_rooms, art_rooms;
//	              all four by default) are added to it. Without leaves_to
//	              the old campus belongs to no school, and Warnings says so
//	transfer_area school, to, teaching_area_m2 and/or sports_area_m2: floor or
//	              ground area handed from school to to
//	move_intake   school, level, receivers [{school, share}], split
//	              (share|zone), mode (phase_out|all), resources
//	              (follow|stay): the section takes no entrants from the year
//	              on; its former zone goes to the receivers, by share of
//	              homes or each part to the nearest receiver; with mode all its
//	              pupils move to the receivers that year too
//	build         school and any of teaching_area_m2, sports_area_m2,
//	              equipment_yuan, multimedia_rooms, music_rooms, art_rooms,
//	              seats {primary, junior}: added to the campus
//	teachers      school and any of qualified, backbone, pe_art: teachers added
//	              (recruited); with to, teachers moved from school to to
//
// The resources of a moved section: with resources: follow (the default) the
// section's movable resources go with its pupils (随学生分流): teachers
// (qualified, backbone, pe_art), equipment_yuan and multimedia_rooms. Each
// year the section loses pupils to the move — with mode phase_out the
// pupils it had the year before less those it has now, as its leavers are
// not replaced by entrants; with mode all every pupil it had — the same
// fraction of the section's movable resources moves to the receivers, so
// that what is left per pupil at the sending school stays as it was and the
// receivers gain what served the pupils they take in. Of a campus with both
// levels only the moved section's part moves: the campus's resources shared
// by the sections' pupils of the year before (as compliance.SplitCampus
// shares them). The receivers share what moves by their shares, or with
// split zone by the pupils each took that year (the entrants from its part
// of the former zone; with mode all the pupils moved to it). Fixed
// resources — teaching and sports floor area, music and art rooms, seats —
// stay. With resources: stay nothing moves but pupils and entrants: the
// receivers' resources are what the scenario's build and teachers events
// make them. What leaves the sender arrives at the receivers.
//
// The evaluation (optional) is the month of the national evaluation (验收)
// as the plan dates it, YYYY-MM (or 2026年6月). It falls in a school year: a
// school year starts in September, so a month from January to August
// belongs to the school year that started the September before (2026-06 is
// in school year 2025, 2025–26), September to December to its own calendar
// year. Scenario.EvaluationYear gives that school year.
//
// Dependencies. An event may name with after the id of an event listed
// before it in the file that it depends on: it takes effect in the same
// school year or later, and Delay moves it along when the event it follows
// is delayed (a hand-over of buildings after the move that frees them, the
// seats built in them). Warnings reports, as FILE:LINE: warning: message,
// the dependent events that Delay or Skip pull apart: an event whose
// followed event is skipped or now comes later; the events about a
// relocated school's old or new campus (a building, a hand-over of floor
// area, the campus's pupils moving out) that the file puts on one side of
// the move, or in its year, and that now fall on the other side or in
// another year; the old campus of a move that goes to no school; and a
// school that receives facilities in a year it has no section.
package scenario

import (
	"bytes"
	"fmt"
	"io"
	"io/fs"
	"math"
	"os"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/go-viper/mapstructure/v2"
	"github.com/spf13/viper"
	"go.yaml.in/yaml/v3"

	"github.com/hutubi-edu/zoning/engine/dataset"
)

// Kind is what an event does.
type Kind string

// The event kinds.
const (
	Open         Kind = "open"
	Relocate     Kind = "relocate"
	TransferArea Kind = "transfer_area"
	MoveIntake   Kind = "move_intake"
	Build        Kind = "build"
	Teachers     Kind = "teachers"
)

// Kinds lists the accepted kinds.
var Kinds = []Kind{Open, Relocate, TransferArea, MoveIntake, Build, Teachers}

// Mode says what happens to a moved section's pupils.
type Mode string

// Modes of a move_intake event.
const (
	PhaseOut Mode = "phase_out" // pupils stay until they leave the level; only entrants go elsewhere
	MoveAll  Mode = "all"       // pupils move to the receivers in the event's year too
)

// ResourcesRule says whether a moved section's movable resources go with its
// pupils; see the package documentation.
type ResourcesRule string

// Rules of a move_intake event's resources.
const (
	Follow ResourcesRule = "follow" // teachers, equipment and multimedia rooms move with the pupils, year by year
	Stay   ResourcesRule = "stay"   // every resource stays at the sending school
)

// Split says how a moved section's zone and pupils are shared among the
// receivers.
type Split string

// Splits of a move_intake event.
const (
	ByShare Split = "share" // by the receivers' shares (of homes, of pupils)
	ByZone  Split = "zone"  // each part of the zone, and each pupil, to the nearest receiver
)

// Seats are seats per level; nil = unchanged.
type Seats struct {
	Primary *int `mapstructure:"primary"`
	Junior  *int `mapstructure:"junior"`
}

// Of returns the seats of a level, nil when not given.
func (s Seats) Of(l dataset.Level) *int {
	if l == dataset.Junior {
		return s.Junior
	}
	return s.Primary
}

// Receiver is a school that takes part of a moved section.
type Receiver struct {
	School string  `mapstructure:"school"`
	Share  float64 `mapstructure:"share"` // of the zone's homes and of moved pupils, 0–1; 0 with split zone
}

// Event is one dated change of the schools.
type Event struct {
	ID     string `mapstructure:"id"`
	Year   int    `mapstructure:"year"` // school year it takes effect (September)
	Kind   Kind   `mapstructure:"kind"`
	Source string `mapstructure:"source"` // its place in the plan, e.g. 附件2 2022年9—12月 第3项
	Note   string `mapstructure:"note"`

	School    string        `mapstructure:"school"` // the school or campus the event is about (school_id)
	To        string        `mapstructure:"to"`     // relocate, transfer_area: the other campus
	Level     dataset.Level `mapstructure:"level"`  // move_intake
	Receivers []Receiver    `mapstructure:"receivers"`
	Split     Split         `mapstructure:"split"`
	Mode      Mode          `mapstructure:"mode"`
	// Resources of a move_intake: follow (the default) or stay.
	Resources ResourcesRule `mapstructure:"resources"`
	// After is the id of an event listed before this one that it depends
	// on: it takes effect no earlier, and Delay moves it along.
	After string `mapstructure:"after"`
	// LeavesTo (relocate) is the school that takes the old campus's
	// facilities Leaves lists (Facilities; all of them when empty);
	// "": the old campus goes to no school.
	LeavesTo string   `mapstructure:"leaves_to"`
	Leaves   []string `mapstructure:"leaves"`

	Seats           Seats    `mapstructure:"seats"`
	TeachingAreaM2  *float64 `mapstructure:"teaching_area_m2"`
	SportsAreaM2    *float64 `mapstructure:"sports_area_m2"`
	EquipmentYuan   *float64 `mapstructure:"equipment_yuan"`
	MultimediaRooms *float64 `mapstructure:"multimedia_rooms"`
	MusicRooms      *int     `mapstructure:"music_rooms"`
	ArtRooms        *int     `mapstructure:"art_rooms"`
	Qualified       *float64 `mapstructure:"qualified"` // teachers above the required qualification
	Backbone        *float64 `mapstructure:"backbone"`  // backbone teachers
	PEArt           *float64 `mapstructure:"pe_art"`    // PE and art teachers

	Line     int `mapstructure:"-"` // line of the event in its file
	FileYear int `mapstructure:"-"` // the year as the file gives it, before Delay
}

// The fixed facilities a relocation can leave to another school
// (Event.Leaves): floor area (m²), sports grounds (m²), music and art
// rooms.
const (
	LeaveTeachingArea = "teaching_area_m2"
	LeaveSportsArea   = "sports_area_m2"
	LeaveMusicRooms   = "music_rooms"
	LeaveArtRooms     = "art_rooms"
)

// Facilities lists what Event.Leaves accepts.
var Facilities = []string{LeaveTeachingArea, LeaveSportsArea, LeaveMusicRooms, LeaveArtRooms}

// Left returns the old campus's facilities a relocation leaves to
// LeavesTo: Leaves, or every one of Facilities when Leaves is empty; nil
// without LeavesTo.
func (e *Event) Left() []string {
	if e.LeavesTo == "" {
		return nil
	}
	if len(e.Leaves) == 0 {
		return Facilities
	}
	return e.Leaves
}

// Label names the event in reports: its id and, when given, its source.
func (e *Event) Label() string {
	if e.Source == "" {
		return e.ID
	}
	return e.ID + " (" + e.Source + ")"
}

// Scenario is a scenario file: its events in file order.
type Scenario struct {
	Name string
	File string // as named in messages
	// Evaluation is the month of the national evaluation (验收) the file
	// states; nil when it states none.
	Evaluation *Evaluation
	Events     []Event
	// Skipped are the events Skip removed, in the order removed.
	Skipped []Event
	// Notes say what Delay did besides moving the event named: the events
	// that follow it (after) and moved along, as FILE:LINE: note: message.
	Notes []string
}

// Evaluation is the month of the national evaluation (验收).
type Evaluation struct {
	Year, Month int // calendar year and month (1–12)
	Line        int // line of the key in its file
}

// SchoolYear returns the school year the evaluation falls in: the year
// itself from September, the year before from January to August (June
// 2026 is in school year 2025, that is 2025–26).
func (e Evaluation) SchoolYear() int {
	if e.Month >= 9 {
		return e.Year
	}
	return e.Year - 1
}

// EvaluationYear returns the school year of the scenario's evaluation
// (Evaluation.SchoolYear), 0 when the scenario states none.
func (s *Scenario) EvaluationYear() int {
	if s == nil || s.Evaluation == nil {
		return 0
	}
	return s.Evaluation.SchoolYear()
}

// parseEvaluation reads YYYY-MM (or YYYY-M, YYYY/MM, YYYY年M月).
func parseEvaluation(v string) (year, month int, ok bool) {
	v = strings.TrimSpace(v)
	var ys, ms string
	if a, b, found := strings.Cut(v, "年"); found {
		ys, ms = a, strings.TrimSuffix(b, "月")
	} else if a, b, found := strings.Cut(v, "-"); found {
		ys, ms = a, b
	} else if a, b, found := strings.Cut(v, "/"); found {
		ys, ms = a, b
	} else {
		return 0, 0, false
	}
	y, err1 := strconv.Atoi(ys)
	m, err2 := strconv.Atoi(ms)
	if err1 != nil || err2 != nil || len(ys) != 4 || len(ms) < 1 || len(ms) > 2 || y < 1900 || y > 2200 || m < 1 || m > 12 {
		return 0, 0, false
	}
	return y, m, true
}

// keys accepted in an event, per kind (besides the common ones).
var common = []string{"id", "year", "kind", "source", "note", "after"}

var kindKeys = map[Kind][]string{
	Open:         {"school", "seats"},
	Relocate:     {"school", "to", "leaves_to", "leaves"},
	TransferArea: {"school", "to", "teaching_area_m2", "sports_area_m2"},
	MoveIntake:   {"school", "level", "receivers", "split", "mode", "resources"},
	Build:        {"school", "seats", "teaching_area_m2", "sports_area_m2", "equipment_yuan", "multimedia_rooms", "music_rooms", "art_rooms"},
	Teachers:     {"school", "to", "qualified", "backbone", "pe_art"},
}

// LoadFile reads a scenario file; see Read.
func LoadFile(path string) (*Scenario, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, dataset.Problems{{File: path, Line: 1, Msg: "scenario: " + unwrapPath(err)}}
	}
	return Parse(b, path)
}

// Load reads the scenario file name of fsys; see Read.
func Load(fsys fs.FS, name, display string) (*Scenario, error) {
	b, err := fs.ReadFile(fsys, name)
	if err != nil {
		return nil, dataset.Problems{{File: display, Line: 1, Msg: "scenario: " + unwrapPath(err)}}
	}
	return Parse(b, display)
}

// Read reads a scenario from r; name is the file as messages call it.
func Read(r io.Reader, name string) (*Scenario, error) {
	b, err := io.ReadAll(r)
	if err != nil {
		return nil, dataset.Problems{{File: name, Line: 1, Msg: "scenario: " + err.Error()}}
	}
	return Parse(b, name)
}

func unwrapPath(err error) string {
	if pe, ok := err.(*fs.PathError); ok {
		return pe.Err.Error()
	}
	return err.Error()
}

// Parse reads a scenario (YAML, through viper) and checks what can be
// checked without a dataset: known kinds and keys, required keys, years,
// levels, modes, splits, shares and unique ids. Every problem is reported as
// FILE:LINE: message in a dataset.Problems error. Check against a dataset
// with Validate.
func Parse(b []byte, name string) (*Scenario, error) {
	var probs dataset.Problems
	bad := func(line int, format string, a ...any) {
		probs = append(probs, dataset.Problem{File: name, Line: line, Msg: fmt.Sprintf(format, a...)})
	}
	// Lines come from the YAML tree; values from viper.
	var root yaml.Node
	if err := yaml.Unmarshal(b, &root); err != nil {
		line := 1
		msg := err.Error()
		if n, ok := yamlLine(msg); ok {
			line = n
		}
		bad(line, "scenario: not YAML: %s", msg)
		return nil, probs
	}
	if len(root.Content) == 0 || root.Content[0].Kind != yaml.MappingNode {
		bad(1, "scenario: want a mapping with name and events")
		return nil, probs
	}
	top := root.Content[0]
	var evNode *yaml.Node
	var evaluation *Evaluation
	for i := 0; i+1 < len(top.Content); i += 2 {
		switch k := top.Content[i].Value; k {
		case "name":
		case "events":
			evNode = top.Content[i+1]
		case "evaluation":
			val := top.Content[i+1]
			y, m, ok := parseEvaluation(val.Value)
			if val.Kind != yaml.ScalarNode || !ok {
				bad(val.Line, "scenario: evaluation %q: want the year and month of the national evaluation (验收), such as 2026-06", val.Value)
				continue
			}
			evaluation = &Evaluation{Year: y, Month: m, Line: top.Content[i].Line}
		default:
			bad(top.Content[i].Line, "scenario: unknown key %q (accepted: name, evaluation, events)", k)
		}
	}
	if evNode == nil || evNode.Kind != yaml.SequenceNode {
		line := 1
		if evNode != nil {
			line = evNode.Line
		}
		bad(line, "scenario: events must be a list of events")
		return nil, probs
	}
	v := viper.New()
	v.SetConfigType("yaml")
	if err := v.ReadConfig(bytes.NewReader(b)); err != nil {
		bad(1, "scenario: %v", err)
		return nil, probs
	}
	s := &Scenario{Name: v.GetString("name"), File: name, Evaluation: evaluation}
	raw, _ := v.Get("events").([]any)
	if len(raw) != len(evNode.Content) {
		bad(evNode.Line, "scenario: events must be a list of mappings")
		return nil, probs
	}
	ids := map[string]int{}
	for i, item := range evNode.Content {
		line := item.Line
		m, ok := raw[i].(map[string]any)
		if !ok || item.Kind != yaml.MappingNode {
			bad(line, "scenario: an event must be a mapping of keys")
			continue
		}
		keyLine := map[string]int{}
		for k := 0; k+1 < len(item.Content); k += 2 {
			keyLine[item.Content[k].Value] = item.Content[k].Line
		}
		at := func(key string) int {
			if l, ok := keyLine[key]; ok {
				return l
			}
			return line
		}
		var e Event
		dec, err := mapstructure.NewDecoder(&mapstructure.DecoderConfig{Result: &e, WeaklyTypedInput: false,
			ErrorUnused: false, TagName: "mapstructure"})
		if err != nil {
			bad(line, "scenario: %v", err)
			continue
		}
		if err := dec.Decode(m); err != nil {
			bad(line, "scenario: %s", strings.ReplaceAll(err.Error(), "\n", "; "))
			continue
		}
		e.Line = line
		e.FileYear = e.Year
		e.Kind = Kind(strings.TrimSpace(string(e.Kind)))
		allowed, known := kindKeys[e.Kind]
		if !known {
			bad(at("kind"), "scenario: event %q: unknown kind %q (accepted: %s)", e.ID, e.Kind, kindList())
		} else {
			var unknown []string
			for k := range m {
				if !slices.Contains(common, k) && !slices.Contains(allowed, k) {
					unknown = append(unknown, k)
				}
			}
			sort.Strings(unknown)
			for _, k := range unknown {
				bad(at(k), "scenario: event %q: key %q does not apply to kind %s (accepted: %s)", e.ID, k, e.Kind,
					strings.Join(append(slices.Clone(common), allowed...), ", "))
			}
		}
		if e.ID == "" {
			bad(line, "scenario: an event needs an id")
		} else if prev, dup := ids[e.ID]; dup {
			bad(at("id"), "scenario: id %q used twice (first on line %d)", e.ID, prev)
		} else {
			ids[e.ID] = line
		}
		if e.Year < 1900 || e.Year > 2200 {
			bad(at("year"), "scenario: event %q: year %d must be a school year such as 2023 (1900–2200)", e.ID, e.Year)
		}
		if e.School == "" && known {
			bad(line, "scenario: event %q: school is required", e.ID)
		}
		checkEvent(&e, at, bad)
		if e.After != "" {
			// after names an event before this one, of the same year or
			// earlier.
			switch dep := s.Find(e.After); {
			case e.After == e.ID:
				bad(at("after"), "scenario: event %q: after names the event itself", e.ID)
			case dep == nil && slices.ContainsFunc(evNode.Content[i+1:], func(n *yaml.Node) bool { return idOf(n) == e.After }):
				bad(at("after"), "scenario: event %q: after %q: list %q before the event that follows it", e.ID, e.After, e.After)
			case dep == nil:
				bad(at("after"), "scenario: event %q: after %q: no event of that id before it (accepted: %s)", e.ID, e.After, s.ids())
			case dep.Year > e.Year:
				bad(at("year"), "scenario: event %q: year %d comes before %d, the year of %q it follows (after)", e.ID, e.Year, dep.Year, dep.ID)
			}
		}
		s.Events = append(s.Events, e)
	}
	if len(probs) > 0 {
		return nil, probs
	}
	return s, nil
}

// idOf returns the id of an event's mapping node, "" when it has none.
func idOf(n *yaml.Node) string {
	if n.Kind != yaml.MappingNode {
		return ""
	}
	for k := 0; k+1 < len(n.Content); k += 2 {
		if n.Content[k].Value == "id" {
			return n.Content[k+1].Value
		}
	}
	return ""
}

func kindList() string {
	names := make([]string, len(Kinds))
	for i, k := range Kinds {
		names[i] = string(k)
	}
	return strings.Join(names, ", ")
}

func yamlLine(msg string) (int, bool) {
	var n int
	if i := strings.Index(msg, "line "); i >= 0 {
		if _, err := fmt.Sscanf(msg[i:], "line %d", &n); err == nil && n > 0 {
			return n, true
		}
	}
	return 0, false
}

func checkEvent(e *Event, at func(string) int, bad func(int, string, ...any)) {
	nonNeg := func(key string, v *float64) {
		if v != nil && (*v < 0 || math.IsNaN(*v) || math.IsInf(*v, 0)) {
			bad(at(key), "scenario: event %q: %s %g must be a number ≥ 0", e.ID, key, *v)
		}
	}
	nonNegInt := func(key string, v *int) {
		if v != nil && *v < 0 {
			bad(at(key), "scenario: event %q: %s %d must be ≥ 0", e.ID, key, *v)
		}
	}
	switch e.Kind {
	case Open:
		if e.Seats.Primary == nil && e.Seats.Junior == nil {
			bad(at("seats"), "scenario: event %q: open needs seats {primary: N, junior: N}", e.ID)
		}
		for _, p := range []*int{e.Seats.Primary, e.Seats.Junior} {
			if p != nil && *p < 1 {
				bad(at("seats"), "scenario: event %q: seats %d must be at least 1", e.ID, *p)
			}
		}
	case Relocate, TransferArea:
		if e.To == "" {
			bad(at("to"), "scenario: event %q: %s needs to: the campus", e.ID, e.Kind)
		} else if e.To == e.School {
			bad(at("to"), "scenario: event %q: to %q is the school itself", e.ID, e.To)
		}
		if e.Kind == Relocate {
			switch {
			case e.LeavesTo != "" && (e.LeavesTo == e.School || e.LeavesTo == e.To):
				bad(at("leaves_to"), "scenario: event %q: leaves_to %q is the school that moves: name the school that takes its old campus", e.ID, e.LeavesTo)
			case e.LeavesTo == "" && len(e.Leaves) > 0:
				bad(at("leaves"), "scenario: event %q: leaves needs leaves_to: the school that takes the old campus's facilities", e.ID)
			}
			seen := map[string]bool{}
			for _, f := range e.Leaves {
				if !slices.Contains(Facilities, f) {
					bad(at("leaves"), "scenario: event %q: leaves %q (accepted: %s)", e.ID, f, strings.Join(Facilities, ", "))
				} else if seen[f] {
					bad(at("leaves"), "scenario: event %q: leaves %q listed twice", e.ID, f)
				}
				seen[f] = true
			}
			if e.LeavesTo != "" && len(e.Leaves) == 0 {
				e.Leaves = slices.Clone(Facilities)
			}
		}
		if e.Kind == TransferArea {
			if e.TeachingAreaM2 == nil && e.SportsAreaM2 == nil {
				bad(e.Line, "scenario: event %q: transfer_area needs teaching_area_m2 or sports_area_m2", e.ID)
			}
			nonNeg("teaching_area_m2", e.TeachingAreaM2)
			nonNeg("sports_area_m2", e.SportsAreaM2)
		}
	case MoveIntake:
		if _, err := dataset.ParseLevel(string(e.Level)); err != nil {
			bad(at("level"), "scenario: event %q: level %q (accepted: primary, junior)", e.ID, e.Level)
		}
		if e.Mode == "" {
			e.Mode = PhaseOut
		}
		if e.Mode != PhaseOut && e.Mode != MoveAll {
			bad(at("mode"), "scenario: event %q: mode %q (accepted: phase_out, all)", e.ID, e.Mode)
		}
		if e.Resources == "" {
			e.Resources = Follow
		}
		if e.Resources != Follow && e.Resources != Stay {
			bad(at("resources"), "scenario: event %q: resources %q (accepted: follow, stay)", e.ID, e.Resources)
		}
		if e.Split == "" {
			e.Split = ByShare
			if len(e.Receivers) > 0 && e.Receivers[0].Share == 0 {
				e.Split = ByZone
			}
		}
		if e.Split != ByShare && e.Split != ByZone {
			bad(at("split"), "scenario: event %q: split %q (accepted: share, zone)", e.ID, e.Split)
		}
		if len(e.Receivers) == 0 {
			bad(at("receivers"), "scenario: event %q: move_intake needs receivers: [{school: ID, share: 0.5}, ...]", e.ID)
		}
		sum := 0.0
		seen := map[string]bool{}
		for _, r := range e.Receivers {
			if r.School == "" {
				bad(at("receivers"), "scenario: event %q: a receiver needs a school", e.ID)
			}
			if r.School == e.School {
				bad(at("receivers"), "scenario: event %q: the school cannot receive its own section", e.ID)
			}
			if seen[r.School] {
				bad(at("receivers"), "scenario: event %q: receiver %q listed twice", e.ID, r.School)
			}
			seen[r.School] = true
			if r.Share < 0 || r.Share > 1 || math.IsNaN(r.Share) {
				bad(at("receivers"), "scenario: event %q: share %g of %s outside 0–1", e.ID, r.Share, r.School)
			}
			sum += r.Share
		}
		if e.Split == ByShare && len(e.Receivers) > 0 && math.Abs(sum-1) > 1e-6 {
			bad(at("receivers"), "scenario: event %q: shares add up to %g, want 1", e.ID, sum)
		}
	case Build:
		for _, k := range []struct {
			key string
			v   *float64
		}{{"teaching_area_m2", e.TeachingAreaM2}, {"sports_area_m2", e.SportsAreaM2}, {"equipment_yuan", e.EquipmentYuan},
			{"multimedia_rooms", e.MultimediaRooms}} {
			nonNeg(k.key, k.v)
		}
		nonNegInt("music_rooms", e.MusicRooms)
		nonNegInt("art_rooms", e.ArtRooms)
		nonNegInt("seats", e.Seats.Primary)
		nonNegInt("seats", e.Seats.Junior)
	case Teachers:
		if e.Qualified == nil && e.Backbone == nil && e.PEArt == nil {
			bad(e.Line, "scenario: event %q: teachers needs qualified, backbone or pe_art", e.ID)
		}
		nonNeg("qualified", e.Qualified)
		nonNeg("backbone", e.Backbone)
		nonNeg("pe_art", e.PEArt)
	}
}

// Validate checks the scenario against a dataset: every school id exists,
// years come after the base year, a relocated school does not take a campus
// with its own section, receivers have a section of the moved level. Every
// problem is reported as FILE:LINE: message in a dataset.Problems error.
func (s *Scenario) Validate(ds *dataset.Dataset) error {
	var probs dataset.Problems
	bad := func(line int, format string, a ...any) {
		probs = append(probs, dataset.Problem{File: s.File, Line: line, Msg: fmt.Sprintf(format, a...)})
	}
	school := func(e *Event, id string) *dataset.School {
		sc := ds.School(id)
		if sc == nil {
			ids := make([]string, len(ds.Schools))
			for i := range ds.Schools {
				ids[i] = ds.Schools[i].ID
			}
			bad(e.Line, "scenario: event %q: unknown school id %q (accepted: the school_id of schools.csv: %s)", e.ID, id, strings.Join(ids, ", "))
		}
		return sc
	}
	for i := range s.Events {
		e := &s.Events[i]
		if e.Year <= ds.Meta.BaseYear {
			bad(e.Line, "scenario: event %q: year %d must come after the base year %d", e.ID, e.Year, ds.Meta.BaseYear)
		}
		school(e, e.School)
		if e.To != "" {
			school(e, e.To)
		}
		if e.LeavesTo != "" {
			school(e, e.LeavesTo)
		}
		for _, r := range e.Receivers {
			if sc := school(e, r.School); sc != nil && e.Kind == MoveIntake && !sc.HasLevel(e.Level) && !opened(s, r.School, e.Level, e.Year) {
				bad(e.Line, "scenario: event %q: receiver %s has no %s section by %d (open one first)", e.ID, r.School, e.Level, e.Year)
			}
		}
	}
	if len(probs) > 0 {
		return probs
	}
	return nil
}

// opened reports whether an open or build event gives the school seats of
// the level by year y.
func opened(s *Scenario, id string, l dataset.Level, y int) bool {
	for i := range s.Events {
		e := &s.Events[i]
		if e.School == id && e.Year <= y && (e.Kind == Open || e.Kind == Build) {
			if v := e.Seats.Of(l); v != nil && *v > 0 {
				return true
			}
		}
	}
	return false
}

// Find returns the event with the id, or nil.
func (s *Scenario) Find(id string) *Event {
	for i := range s.Events {
		if s.Events[i].ID == id {
			return &s.Events[i]
		}
	}
	return nil
}

// Delay moves an event later by years (earlier when negative). The
// events that follow it (after, directly or through others) and would now
// come before it move to its year; Notes says so.
func (s *Scenario) Delay(id string, years int) error {
	e := s.Find(id)
	if e == nil {
		return fmt.Errorf("scenario: no event %q in %s (accepted: %s)", id, s.File, s.ids())
	}
	e.Year += years
	// In file order: a followed event comes before its followers.
	for i := range s.Events {
		f := &s.Events[i]
		if f.After == "" || !s.follows(f, id) {
			continue
		}
		if dep := s.Find(f.After); dep != nil && f.Year < dep.Year {
			s.Notes = append(s.Notes, fmt.Sprintf("%s:%d: note: event %q follows %q (after): moved from %d to %d with it",
				s.File, f.Line, f.ID, dep.ID, f.Year, dep.Year))
			f.Year = dep.Year
		}
	}
	return nil
}

// Skip removes an event (kept in Skipped). The events that follow it stay;
// Warnings names them.
func (s *Scenario) Skip(id string) error {
	for i := range s.Events {
		if s.Events[i].ID == id {
			s.Skipped = append(s.Skipped, s.Events[i])
			s.Events = slices.Delete(s.Events, i, i+1)
			return nil
		}
	}
	return fmt.Errorf("scenario: no event %q in %s (accepted: %s)", id, s.File, s.ids())
}

func (s *Scenario) ids() string {
	ids := make([]string, len(s.Events))
	for i := range s.Events {
		ids[i] = s.Events[i].ID
	}
	return strings.Join(ids, ", ")
}

// In returns the events that take effect in school year y, in file order.
func (s *Scenario) In(y int) []*Event {
	var out []*Event
	if s == nil {
		return nil
	}
	for i := range s.Events {
		if s.Events[i].Year == y {
			out = append(out, &s.Events[i])
		}
	}
	return out
}
