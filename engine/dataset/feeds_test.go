package dataset

import (
	"slices"
	"strings"
	"testing"
)

// withFeedsColumn returns an edit of the valid dataset's schools.csv that
// adds a feeds column with the given cells for S1, S2 and S3 (S1 has a
// primary section only, S2 a junior one, S3 both).
func withFeedsColumn(s1, s2, s3 string) func(f map[string]string) {
	return func(f map[string]string) {
		lines := strings.Split(strings.TrimRight(f[SchoolsFile], "\n"), "\n")
		cells := []string{"feeds", s1, s2, s3}
		for i := range lines {
			lines[i] += "," + cells[i]
		}
		f[SchoolsFile] = strings.Join(lines, "\n") + "\n"
	}
}

func TestFeedsColumn(t *testing.T) {
	tests := []struct {
		name       string
		s1, s2, s3 string
		want       []string // the feeds of S1, S2, S3 loaded
		problems   []string
	}{
		{"blank everywhere", "", "", "", []string{"", "", ""}, nil},
		{"a primary school feeds a junior school", "S2", "", "", []string{"S2", "", ""}, nil},
		{"feeds a nine-year school, spaces trimmed", " S3 ", "", "", []string{"S3", "", ""}, nil},
		{"a nine-year school feeds itself", "S2", "", "S3", []string{"S2", "", "S3"}, nil},
		{"unknown school", "S9", "", "", nil,
			[]string{`schools.csv:2: feeds "S9" does not exist in schools.csv (accepted: the school_id of a school with a junior section, or blank)`}},
		{"a school without a junior section", "", "", "S1", nil,
			[]string{`schools.csv:4: feeds "S1": school "S1" has no junior section (junior_seats = 0)`}},
		{"a school without a primary section feeds", "", "S3", "", nil,
			[]string{`schools.csv:3: feeds "S3": school "S2" has no primary section (primary_seats = 0) to feed a junior school`}},
		{"two problems, each at its line", "S9", "", "S1", nil,
			[]string{`schools.csv:2: feeds "S9" does not exist in schools.csv (accepted: the school_id of a school with a junior section, or blank)`,
				`schools.csv:4: feeds "S1": school "S1" has no junior section (junior_seats = 0)`}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			files := validFiles(t)
			withFeedsColumn(tc.s1, tc.s2, tc.s3)(files)
			if tc.problems != nil {
				var got []string
				for _, p := range problemsOf(t, files) {
					got = append(got, p.String())
				}
				if !slices.Equal(got, tc.problems) {
					t.Errorf("problems\n%q\nwant\n%q", got, tc.problems)
				}
				return
			}
			d, err := Load(mapFS(files))
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, s := range d.Schools {
				got = append(got, s.Feeds)
			}
			if !slices.Equal(got, tc.want) {
				t.Errorf("feeds %q, want %q", got, tc.want)
			}
			// Written back: the column only when some school feeds one.
			out, err := d.Files()
			if err != nil {
				t.Fatal(err)
			}
			header, _, _ := strings.Cut(string(out[SchoolsFile]), "\n")
			if has := strings.HasSuffix(header, ",feeds"); has != (tc.s1+tc.s2+tc.s3 != "") {
				t.Errorf("written header %q: feeds column %v", header, has)
			}
			checkLoad(t, files)
		})
	}
}

func TestFeederOf(t *testing.T) {
	files := validFiles(t)
	withFeedsColumn("S2", "", "S3")(files)
	d, err := Load(mapFS(files))
	if err != nil {
		t.Fatal(err)
	}
	// S1 → S2 (index 1), S2 none, S3 → itself (index 2).
	if got := []int{d.FeederOf(0), d.FeederOf(1), d.FeederOf(2)}; !slices.Equal(got, []int{1, -1, 2}) {
		t.Errorf("FeederOf %v, want [1 -1 2]", got)
	}
}

func FuzzSchoolsFeeds(f *testing.F) {
	fuzzFile(f, SchoolsFile,
		"school_id,name,lon,lat,primary_seats,junior_seats,feeds\nS1,a,86.9,44.19,1,0,S2\nS2,b,86.9,44.19,0,1,\nS3,c,86.9,44.19,1,1,S3\n",
		"feeds,school_id,name,lon,lat,primary_seats,junior_seats\nS9,S1,a,86.9,44.19,1,0\nS1,S2,b,86.9,44.19,0,1\n,S3,c,86.9,44.19,1,1\n",
		"school_id,name,lon,lat,primary_seats,junior_seats,feeds\nS1,a,86.9,44.19,-1,0,S3\nS2,b,86.9,44.19,0,1,S1\nS3,c,86.9,44.19,1,1,S3\n",
	)
}
