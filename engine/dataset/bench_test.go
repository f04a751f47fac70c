package dataset

import (
	"fmt"
	"os"
	"testing"

	"github.com/paulmach/orb"
)

// The default dataset's size: about 65,000 households and 35,000 children.
const (
	benchSchools    = 60
	benchHouseholds = 65_000
	benchChildren   = 35_000
)

// TestLoadLarge loads a county-sized synthetic dataset and checks that every
// record comes back as generated.
func TestLoadLarge(t *testing.T) {
	if testing.Short() {
		t.Skip("large dataset")
	}
	want := synthetic(benchSchools, benchHouseholds, benchChildren)
	files, err := want.Files()
	if err != nil {
		t.Fatal(err)
	}
	got, err := Load(bytesFS(files))
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Schools) != benchSchools || len(got.Households) != benchHouseholds || len(got.Children) != benchChildren {
		t.Fatalf("loaded %d schools, %d households, %d children", len(got.Schools), len(got.Households), len(got.Children))
	}
	for i := range want.Households {
		w, g := want.Households[i], got.Households[i]
		w.Line = i + 2 // one line a household, after the header
		if g != w {
			t.Fatalf("household %d = %+v, want %+v", i, g, w)
		}
	}
	for i := range want.Children {
		w, g := want.Children[i], got.Children[i]
		w.Line = i + 2
		if g != w {
			t.Fatalf("child %d = %+v, want %+v", i, g, w)
		}
	}
	for i := range want.Schools {
		if g, w := got.Schools[i], want.Schools[i]; g.ID != w.ID || g.Loc != w.Loc || g.PrimarySeats != w.PrimarySeats ||
			g.JuniorSeats != w.JuniorSeats || g.AreaType != w.AreaType || g.NineYear != w.NineYear || !g.Public {
			t.Fatalf("school %d = %+v, want %+v", i, g, w)
		}
	}
	if !got.Boundary.Equal(want.Boundary) {
		t.Errorf("boundary changed")
	}

	// Move one home far outside the outline: exactly that one is reported.
	h := &want.Households[benchHouseholds/2]
	h.Loc = orb.Point{86.9, 44.8} // 0.6° north of the centre, the outline reaches 0.4°·1.0 at most
	files, _ = want.Files()
	_, err = Load(bytesFS(files))
	if err == nil {
		t.Fatal("a home 20 km outside the boundary was accepted")
	}
	ps := err.(Problems)
	if len(ps) != 1 || ps[0].File != HouseholdsFile || ps[0].Line != benchHouseholds/2+2 {
		t.Errorf("problems %v, want one at households.csv:%d", ps, benchHouseholds/2+2)
	}
}

func BenchmarkLoad(b *testing.B) {
	d := synthetic(benchSchools, benchHouseholds, benchChildren)
	files, err := d.Files()
	if err != nil {
		b.Fatal(err)
	}
	for _, crs := range []string{"wgs84", "gcj02"} {
		b.Run(crs, func(b *testing.B) {
			fsys := bytesFS(files)
			if crs != "wgs84" {
				// The same numbers read as GCJ-02: every point is converted.
				fsys[MetaFile].Data = []byte(fmt.Sprintf("name: x\nbase_year: 2026\ncrs: %s\nboundary: %s\n", crs, BoundaryFile))
			}
			size := 0
			for _, f := range fsys {
				size += len(f.Data)
			}
			b.SetBytes(int64(size))
			for b.Loop() {
				if _, err := Load(fsys); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func ExampleLoad() {
	d, err := Load(os.DirFS("testdata/valid"))
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(d.Meta.Name, d.Meta.BaseYear)
	fmt.Println(len(d.Schools), "schools,", len(d.Households), "households,", len(d.Children), "children,", len(d.Zones), "zones")
	s := d.School("S3")
	fmt.Println(s.Name, s.PrimarySeats, s.JuniorSeats)
	// Output:
	// 测试县 2026
	// 3 schools, 5 households, 8 children, 4 zones
	// 大丰镇九年一贯制学校, 西校区 600 300
}

func ExampleProblems() {
	// A dataset folder with one file: every missing file is reported.
	_, err := LoadDir("testdata/only-meta")
	fmt.Println(err)
	// Output:
	// testdata/only-meta/children.csv:1: missing file
	// testdata/only-meta/households.csv:1: missing file
	// testdata/only-meta/schools.csv:1: missing file
}
