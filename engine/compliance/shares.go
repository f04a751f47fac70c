package compliance

import "github.com/hutubi-edu/zoning/engine/dataset"

// Shares counts the children behind the two county shares of docs/policy.md in
// one school year: every child of compulsory-school age (grade 1–9 in that
// year), not only the entrants. It is the one count of these figures:
// compliance.csv, report.html, the meeting pack (through engine/simulate)
// and `zoning migrants` (engine/migrants) all read it.
//
// An eligible migrant child (随迁子女) is a child of a migrant household
// holding a residence permit (居住证). It counts towards the share when
// enrolled in a public school or on a place the government buys at a
// private (民办) school; a child whose family chose the private school
// does not, nor does a child at no school.
type Shares struct {
	Year int // the school year: September Year to July Year+1

	MigrantsEligible  int // eligible migrant children of grades 1–9
	MigrantsPublic    int // of them, at public schools
	MigrantsPurchased int // at private schools, on places the government buys (政府购买学位)
	MigrantsPrivate   int // at private schools their families chose: not counted
	MigrantsOut       int // at no school: not counted

	DisabledChildren int // children with a disability of grades 1–9
	DisabledEnrolled int // of them, at a school
}

// MigrantsCounted is the numerator of the migrant share: eligible migrant
// children at public schools or on government-purchased places.
func (s Shares) MigrantsCounted() int { return s.MigrantsPublic + s.MigrantsPurchased }

// MigrantShare is MigrantsCounted / MigrantsEligible, a share (0–1); nil
// without eligible migrant children.
func (s Shares) MigrantShare() *float64 { return share(s.MigrantsCounted(), s.MigrantsEligible) }

// DisabledShare is DisabledEnrolled / DisabledChildren, a share (0–1); nil
// without disabled children.
func (s Shares) DisabledShare() *float64 { return share(s.DisabledEnrolled, s.DisabledChildren) }

func share(n, d int) *float64 {
	if d <= 0 {
		return nil
	}
	v := float64(n) / float64(d)
	return &v
}

// Apply sets the county figures of c that Evaluate checks
// (migrants_public, disabled_enrolment) from s.
func (s Shares) Apply(c *County) {
	c.MigrantsEligible, c.MigrantsPublic = s.MigrantsEligible, s.MigrantsCounted()
	c.DisabledChildren, c.DisabledEnrolled = s.DisabledChildren, s.DisabledEnrolled
}

// CountShares counts the shares of school year y. school[i] is child i's
// school that year (an index into schools, −1 for none; as
// engine.Enrolment.School), purchased[i] whether that seat at a private
// school is a place the government buys (nil: none is). Schools are those
// in force that year; a school index outside them counts as no school.
// Grades follow ds.Meta.BaseYear (dataset.Child.GradeIn).
func CountShares(ds *dataset.Dataset, y int, schools []dataset.School, school []int, purchased []bool) Shares {
	out := Shares{Year: y}
	for i := range ds.Children {
		c := &ds.Children[i]
		if g := c.GradeIn(y, ds.Meta.BaseYear); g < 1 || g > 9 {
			continue
		}
		j := -1
		if i < len(school) && school[i] >= 0 && school[i] < len(schools) {
			j = school[i]
		}
		if c.Disability {
			out.DisabledChildren++
			if j >= 0 {
				out.DisabledEnrolled++
			}
		}
		h := ds.Household(c.HouseholdID)
		if h == nil || h.Hukou != dataset.Migrant || !h.Permit {
			continue
		}
		out.MigrantsEligible++
		switch {
		case j < 0:
			out.MigrantsOut++
		case schools[j].Public:
			out.MigrantsPublic++
		case i < len(purchased) && purchased[i]:
			out.MigrantsPurchased++
		default:
			out.MigrantsPrivate++
		}
	}
	return out
}
