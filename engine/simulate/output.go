package simulate

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"io"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/hutubi-edu/zoning/engine"
	"github.com/hutubi-edu/zoning/engine/compliance"
	"github.com/hutubi-edu/zoning/engine/dataset"
)

// SimulationHeader is the header of simulation.csv: one row per year and
// school section. Grades 1–9 hold the section's pupils by grade (blank for
// the other level's grades); classes and max_class are counted with the
// class-size cap of the level; chosen_entrants are the entrants whose
// family chose this private school (Options.NoPrivateChoice), included in
// entrants; the seven indicators are the section's
// per-student values that year (blank when not given or not evaluated);
// failed lists the keys of the section's failing checks, pass is 1 when
// none failed (0 otherwise, blank for an empty section);
// purchased_entrants are the entrants placed at this private school
// without their family's choice (government-purchased places), included
// in entrants; classrooms are the section's general classrooms (the
// schools.csv column, else ceil(seats / policy.classroom_seats)), within
// which the classes are formed (blank: no limit, policy.classroom_seats
// 0); classes_over_cap, large_classes and
// huge_classes count the classes above the class-size cap, of
// policy.large_class pupils or more (大班额) and of policy.huge_class or
// more (超大班额); short_classrooms the classes beyond the classrooms.
var SimulationHeader = []string{"year", "school_id", "name", "level",
	"grade_1", "grade_2", "grade_3", "grade_4", "grade_5", "grade_6", "grade_7", "grade_8", "grade_9",
	"students", "classes", "max_class", "seats", "intake_capacity", "entrants", "chosen_entrants", "closed_to_entrants",
	"campus_students", "disabled",
	"teachers_qualified_per100", "backbone_per100", "pe_art_per100", "teaching_area_m2", "sports_area_m2",
	"equipment_yuan", "multimedia_per100", "failed", "pass",
	"purchased_entrants", "classrooms", "classes_over_cap", "large_classes", "huge_classes", "short_classrooms"}

// WriteSimulationCSV writes simulation.csv (UTF-8 with a byte order mark,
// so that spreadsheet programs read the Chinese names).
func (r *Result) WriteSimulationCSV(w io.Writer) error {
	if _, err := io.WriteString(w, "\ufeff"); err != nil {
		return err
	}
	cw := csv.NewWriter(w)
	if err := cw.Write(SimulationHeader); err != nil {
		return err
	}
	first := slices.Index(SimulationHeader, "teachers_qualified_per100")
	indicators := SimulationHeader[first : first+7]
	for _, y := range r.Years {
		checks := map[string][]compliance.Check{}
		for _, c := range y.Report.Checks {
			if c.Scope == compliance.ScopeSchool {
				checks[c.SchoolID] = append(checks[c.SchoolID], c)
			}
		}
		for _, s := range y.Sections {
			row := []string{strconv.Itoa(y.Year), s.SchoolID, s.Name, string(s.Level)}
			first, _ := s.Level.Grades()
			for g := 1; g <= 9; g++ {
				if k := g - first; k >= 0 && k < len(s.ByGrade) {
					row = append(row, strconv.Itoa(s.ByGrade[k]))
				} else {
					row = append(row, "")
				}
			}
			closed := "0"
			if s.Closed {
				closed = "1"
			}
			row = append(row, strconv.Itoa(s.Students), strconv.Itoa(s.Classes), strconv.Itoa(s.MaxClass),
				strconv.Itoa(s.Seats), strconv.Itoa(s.Capacity), strconv.Itoa(s.Entrants), strconv.Itoa(s.Chosen), closed,
				strconv.Itoa(s.CampusStudents), strconv.Itoa(s.Disabled))
			values := map[string]string{}
			var failed []string
			for _, c := range checks[s.SchoolID] {
				if c.Level != "" && c.Level != string(s.Level) {
					continue
				}
				if c.Value != nil && !c.Skipped {
					values[c.Key] = strconv.FormatFloat(*c.Value, 'f', -1, 64)
				}
				if c.Failed() {
					failed = append(failed, c.Key)
				}
			}
			for _, k := range indicators {
				row = append(row, values[k])
			}
			sort.Strings(failed)
			pass := "1"
			switch {
			case s.Students == 0:
				pass = ""
			case len(failed) > 0:
				pass = "0"
			}
			row = append(row, strings.Join(failed, ";"), pass, strconv.Itoa(s.Purchased), rooms(s.Classrooms),
				strconv.Itoa(s.OverClasses), strconv.Itoa(s.LargeClasses), strconv.Itoa(s.HugeClasses), strconv.Itoa(s.ShortRooms))
			if err := cw.Write(row); err != nil {
				return err
			}
		}
	}
	cw.Flush()
	return cw.Error()
}

// SeatingHeader is the header of seating.csv: one row per simulated year
// after the base year and level, accounting for every entrant. entrants =
// seated + unseated; seated = zoned (at the school of the zone holding the
// home) + other_public (sent to another public school, 统筹安排) +
// chosen_private (a private school the family chose) + purchased
// (a private school it did not choose: government-purchased places);
// earlier_unseated are children of the level's other grades left without
// a place in an earlier year; intake_places the places of the sections
// taking entrants; reason is blank, places_short (fewer places than
// entrants county-wide) or not_placed (places left, entrants not given
// them); idle_open_seats and idle_closed_seats the seats beyond their
// pupils of the sections taking entrants and of those closed to them;
// idle_sections lists the sections with idle seats, most first, as
// school_id:seats (:closed for a section closed to entrants), joined by
// semicolons; note says it in Chinese.
var SeatingHeader = []string{"year", "level", "entrants", "seated", "zoned", "other_public", "chosen_private", "purchased",
	"unseated", "earlier_unseated", "intake_places", "reason", "idle_open_seats", "idle_closed_seats", "idle_sections", "note"}

// WriteSeatingCSV writes seating.csv (UTF-8 with a byte order mark).
func (r *Result) WriteSeatingCSV(w io.Writer) error {
	if _, err := io.WriteString(w, "\ufeff"); err != nil {
		return err
	}
	cw := csv.NewWriter(w)
	if err := cw.Write(SeatingHeader); err != nil {
		return err
	}
	for _, y := range r.Years {
		for i := range y.Seating {
			s := &y.Seating[i]
			idle := make([]string, len(s.Idle))
			for k, v := range s.Idle {
				idle[k] = v.SchoolID + ":" + strconv.Itoa(v.Seats)
				if v.Closed {
					idle[k] += ":closed"
				}
			}
			other := s.Seated - s.Zoned - s.Chosen - s.Purchased
			row := []string{strconv.Itoa(y.Year), string(s.Level), strconv.Itoa(s.Entrants), strconv.Itoa(s.Seated),
				strconv.Itoa(s.Zoned), strconv.Itoa(other), strconv.Itoa(s.Chosen), strconv.Itoa(s.Purchased),
				strconv.Itoa(s.Unseated), strconv.Itoa(s.Earlier), strconv.Itoa(s.Places), string(s.Reason),
				strconv.Itoa(s.IdleSeatsTotal(true)), strconv.Itoa(s.IdleSeatsTotal(false)), strings.Join(idle, ";"), s.Note()}
			if err := cw.Write(row); err != nil {
				return err
			}
		}
	}
	cw.Flush()
	return cw.Error()
}

// EventsHeader is the header of events.csv: the scenario's events in the
// order they were applied, each year followed by the resources that moved
// sections handed their receivers that year (scenario.Follow), one row per
// section and receiver, of kind ResourcesKind: id and source are the
// move_intake's, school_id the sending school, to the receiver,
// pupils_had the section's pupils the year before, pupils_lost those it
// lost to the move this year (all receivers together), share the
// receiver's part of what moved, and the five amounts what the receiver
// got (teachers, yuan, rooms). An event's row gives the amounts a teachers
// or build event adds or moves, blank otherwise.
var EventsHeader = []string{"year", "id", "kind", "school_id", "to", "level", "source", "note",
	"pupils_had", "pupils_lost", "share", "teachers_qualified", "teachers_backbone", "teachers_pe_art",
	"equipment_yuan", "multimedia_rooms"}

// ResourcesKind is the kind column of events.csv's rows of resources that
// follow moved pupils.
const ResourcesKind = "resources_follow"

// rooms writes a count of classrooms, blank when there is no limit
// (negative).
func rooms(n int) string {
	if n < 0 {
		return ""
	}
	return strconv.Itoa(n)
}

func num(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }

func optNum(v *float64) string {
	if v == nil {
		return ""
	}
	return num(*v)
}

// WriteEventsCSV writes events.csv (UTF-8 with a byte order mark).
func (r *Result) WriteEventsCSV(w io.Writer) error {
	if _, err := io.WriteString(w, "\ufeff"); err != nil {
		return err
	}
	cw := csv.NewWriter(w)
	if err := cw.Write(EventsHeader); err != nil {
		return err
	}
	for _, y := range r.Years {
		for _, e := range y.Events {
			to := e.To
			for i, rc := range e.Receivers {
				if i > 0 || to != "" {
					to += ";"
				}
				to += rc.School
			}
			row := []string{strconv.Itoa(y.Year), e.ID, string(e.Kind), e.School, to, string(e.Level), e.Source, e.Note,
				"", "", "", optNum(e.Qualified), optNum(e.Backbone), optNum(e.PEArt), optNum(e.EquipmentYuan), optNum(e.MultimediaRooms)}
			if err := cw.Write(row); err != nil {
				return err
			}
		}
		names := make(map[string]string, len(y.Schools))
		for i := range y.Schools {
			names[y.Schools[i].ID] = y.Schools[i].Name
		}
		name := func(id string) string {
			if n := names[id]; n != "" {
				return n
			}
			return id
		}
		for _, m := range y.Moves {
			note := fmt.Sprintf("随学生分流: %s%s上年 %d 人, 本年因调整减少 %d 人; %s得 %.4g%%", name(m.From), levelName(m.Level),
				m.Had, m.Lost, name(m.To), 100*m.Share)
			row := []string{strconv.Itoa(y.Year), m.Event.ID, ResourcesKind, m.From, m.To, string(m.Level), m.Event.Source, note,
				strconv.Itoa(m.Had), strconv.Itoa(m.Lost), num(m.Share), num(m.Moved.TeachersQualified), num(m.Moved.TeachersBackbone),
				num(m.Moved.TeachersPEArt), num(m.Moved.EquipmentYuan), num(m.Moved.MultimediaRooms)}
			if err := cw.Write(row); err != nil {
				return err
			}
		}
	}
	cw.Flush()
	return cw.Error()
}

func levelName(l dataset.Level) string {
	if l == dataset.Junior {
		return "初中部"
	}
	return "小学部"
}

// Reports returns the compliance report of every simulated year.
func (r *Result) Reports() []compliance.Report {
	out := make([]compliance.Report, len(r.Years))
	for i, y := range r.Years {
		out[i] = y.Report
	}
	return out
}

// Files renders simulation.csv, compliance.csv, events.csv and
// seating.csv, keyed by file name.
func (r *Result) Files() (map[string][]byte, error) {
	files := map[string][]byte{}
	for _, f := range []struct {
		name  string
		write func(io.Writer) error
	}{
		{"simulation.csv", r.WriteSimulationCSV},
		{"compliance.csv", func(w io.Writer) error { return compliance.WriteCSV(w, r.Reports()) }},
		{"events.csv", r.WriteEventsCSV},
		{"seating.csv", r.WriteSeatingCSV},
	} {
		var b bytes.Buffer
		if err := f.write(&b); err != nil {
			return nil, fmt.Errorf("simulate: %s: %w", f.name, err)
		}
		files[f.name] = b.Bytes()
	}
	return files, nil
}

// Write writes simulation.csv, compliance.csv, events.csv and seating.csv
// into dir.
func (r *Result) Write(dir string) error {
	files, err := r.Files()
	if err != nil {
		return err
	}
	return engine.WriteFiles(dir, "simulate", files)
}

// Summary writes the year-by-year summary a planner reads: per year the
// events applied, the number of failing checks and the entrants whose
// families chose a private school, and for the evaluation year every
// failing check's sentence.
func (r *Result) Summary(w io.Writer, evaluation int) {
	for _, y := range r.Years {
		f := y.Report.Failures()
		fmt.Fprintf(w, "%d: %d checks fail", y.Year, len(f))
		if len(y.Events) > 0 {
			ids := make([]string, len(y.Events))
			for i, e := range y.Events {
				ids[i] = e.ID
			}
			fmt.Fprintf(w, "; events: %s", strings.Join(ids, ", "))
		}
		var chosen []string
		for _, s := range y.Sections {
			if s.Chosen > 0 {
				chosen = append(chosen, fmt.Sprintf("%s %s %d", s.Name, s.Level, s.Chosen))
			}
		}
		if len(chosen) > 0 {
			fmt.Fprintf(w, "; chose a private school: %s", strings.Join(chosen, ", "))
		}
		for _, s := range y.Seating {
			if s.Purchased > 0 {
				fmt.Fprintf(w, "; %s purchased places: %d", s.Level, s.Purchased)
			}
			if s.Unseated > 0 {
				fmt.Fprintf(w, "; %s without a place: %d of %d entrants (%s)", s.Level, s.Unseated, s.Entrants, s.Note())
			}
			if s.Earlier > 0 {
				fmt.Fprintf(w, "; %s still without a place from earlier years: %d", s.Level, s.Earlier)
			}
		}
		fmt.Fprintln(w)
	}
	if y := r.Year(evaluation); y != nil {
		f := y.Report.Failures()
		if len(f) == 0 {
			fmt.Fprintf(w, "%d: every check passes\n", evaluation)
			return
		}
		fmt.Fprintf(w, "still failing in %d:\n", evaluation)
		for _, c := range f {
			fmt.Fprintln(w, "  "+c.Text)
		}
	}
}
