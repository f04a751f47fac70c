package engine

import (
	"math/rand/v2"
	"testing"

	"github.com/hutubi-edu/zoning/engine/dataset"
)

// sizes lists a grade's class sizes as FormClasses makes them: n pupils in
// c classes as even as possible.
func sizes(n, c int) []int {
	out := make([]int, c)
	for k := range out {
		out[k] = n / c
		if k < n%c {
			out[k]++
		}
	}
	return out
}

// bestLargest is the smallest largest class over every way of giving each
// grade with pupils classes, at most rooms in all (or one each, beyond
// rooms), by exhaustive search.
func bestLargest(byGrade []int, rooms int) int {
	best := -1
	var walk func(g, used, largest int, ones bool)
	walk = func(g, used, largest int, ones bool) {
		if g == len(byGrade) {
			if (used <= rooms || ones) && (best < 0 || largest < best) {
				best = largest
			}
			return
		}
		if byGrade[g] == 0 {
			walk(g+1, used, largest, ones)
			return
		}
		for c := 1; c <= byGrade[g] && (c == 1 || used+c <= rooms); c++ {
			walk(g+1, used+c, max(largest, (byGrade[g]+c-1)/c), ones && c == 1)
		}
	}
	walk(0, 0, 0, true)
	return best
}

// TestFormClasses: on random sections, the classes fit the classrooms when
// every grade can have one; the largest class is the least the rooms allow
// (exhaustive search); with rooms enough each grade has ceil(n/cap)
// classes as Classes says; and the counts of classes over the cap, large
// and huge are those of the class sizes listed.
func TestFormClasses(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 11))
	for it := 0; it < 400; it++ {
		byGrade := make([]int, 3+rng.IntN(4))
		for g := range byGrade {
			if rng.IntN(6) > 0 {
				byGrade[g] = rng.IntN(160)
			}
		}
		lim := ClassLimits{Classrooms: rng.IntN(16), Cap: 20 + rng.IntN(31), Large: 56, Huge: 66}
		p := FormClasses(byGrade, lim)
		grades, want, sum := 0, 0, 0
		for g, n := range byGrade {
			sum += p.ByGrade[g]
			if n > 0 {
				grades++
				c, _ := Classes(n, lim.Cap)
				want += c
				if p.ByGrade[g] < 1 {
					t.Fatalf("%v rooms %d: grade %d has pupils and no class", byGrade, lim.Classrooms, g)
				}
			} else if p.ByGrade[g] != 0 {
				t.Fatalf("%v: an empty grade has %d classes", byGrade, p.ByGrade[g])
			}
		}
		if sum != p.Classes {
			t.Fatalf("%v: classes %d, by grade %v", byGrade, p.Classes, p.ByGrade)
		}
		if p.Classes > max(lim.Classrooms, grades) || p.Short != max(0, p.Classes-lim.Classrooms) {
			t.Fatalf("%v rooms %d: %d classes, short %d", byGrade, lim.Classrooms, p.Classes, p.Short)
		}
		if want <= lim.Classrooms {
			for g, n := range byGrade {
				if c, _ := Classes(n, lim.Cap); p.ByGrade[g] != c {
					t.Fatalf("%v cap %d, rooms enough: grade %d has %d classes, want %d", byGrade, lim.Cap, g, p.ByGrade[g], c)
				}
			}
		} else if b := bestLargest(byGrade, lim.Classrooms); p.Largest != b {
			t.Fatalf("%v rooms %d: largest class %d, the best is %d", byGrade, lim.Classrooms, p.Largest, b)
		}
		largest, over, large, huge := 0, 0, 0, 0
		for g, n := range byGrade {
			if p.ByGrade[g] == 0 {
				continue
			}
			for _, s := range sizes(n, p.ByGrade[g]) {
				largest = max(largest, s)
				if s > lim.Cap {
					over++
				}
				if s >= lim.Large {
					large++
				}
				if s >= lim.Huge {
					huge++
				}
			}
		}
		if p.Largest != largest || p.Over != over || p.Large != large || p.Huge != huge {
			t.Fatalf("%v in %v: largest %d over %d large %d huge %d, the sizes give %d %d %d %d", byGrade, p.ByGrade,
				p.Largest, p.Over, p.Large, p.Huge, largest, over, large, huge)
		}
	}
	// No limit on rooms: as Classes.
	if p := FormClasses([]int{100, 0, 46}, ClassLimits{Classrooms: -1, Cap: 45}); p.Classes != 5 || p.Largest != 34 || p.Short != 0 {
		t.Errorf("no room limit: %+v", p)
	}
}

// TestSectionClassrooms: the column when given, else the grades times the
// fewest parallel classes per grade whose rooms hold the seats.
func TestSectionClassrooms(t *testing.T) {
	rooms := 12
	for _, tc := range []struct {
		seats, per int
		level      dataset.Level
		want       int
	}{
		{1760, 45, dataset.Primary, 42}, // 1760 / 270 = 6.5: 7 classes a grade
		{1620, 45, dataset.Primary, 36}, // exactly 6 a grade
		{420, 45, dataset.Primary, 12},  // 1.6: 2 a grade
		{500, 50, dataset.Junior, 12},   // 3.3: 4 a grade
		{1, 50, dataset.Junior, 3},      // one a grade
		{0, 45, dataset.Primary, 0},     // no section
		{900, 0, dataset.Primary, -1},   // no seats a room: no limit
	} {
		s := dataset.School{PrimarySeats: tc.seats}
		if tc.level == dataset.Junior {
			s = dataset.School{JuniorSeats: tc.seats, PrimaryClassrooms: &rooms}
		}
		if got := SectionClassrooms(&s, tc.level, tc.per); got != tc.want {
			t.Errorf("%d %s seats at %d a room: %d classrooms, want %d", tc.seats, tc.level, tc.per, got, tc.want)
		}
	}
	s := dataset.School{PrimarySeats: 1760, JuniorSeats: 500, JuniorClassrooms: &rooms}
	if got := SectionClassrooms(&s, dataset.Junior, 50); got != 12 {
		t.Errorf("junior classrooms %d, want the column's 12", got)
	}
}
