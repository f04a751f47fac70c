package compliance

import (
	"fmt"
	"testing"

	"github.com/hutubi-edu/zoning/engine/config"
	"github.com/hutubi-edu/zoning/engine/dataset"
)

// sharesCounty is a county of base year 2021 with a public and a private
// school and, counted in 2022:
//   - permit holders: grade 4 pupils (2021) at the public school (3) and
//     at the private school (2, their families' choice); grade 1 entrants
//     (born 2016) at the public school (2), on purchased private places (1)
//     and at no school (1); a grade 9 pupil (2021) who has left school by
//     2022; a child born 2020, not at school yet;
//   - migrants without a permit (2) and locals (4), whatever their school,
//     outside the migrant share;
//   - disabled children: a local at the public school, a permit holder at
//     no school, a grade 9 leaver.
//
// By hand: eligible 3+2+2+1+1 = 9, public 3+2 = 5, purchased 1, private 2,
// at no school 1: share (5+1)/9; disabled 2, enrolled 1.
func sharesCounty() (*dataset.Dataset, []dataset.School, []int, []bool) {
	ds := &dataset.Dataset{Meta: dataset.Meta{BaseYear: 2021}}
	schools := []dataset.School{{ID: "pub", Public: true, PrimarySeats: 100}, {ID: "pri", PrimarySeats: 100}}
	ds.Schools = schools
	var school []int
	var purchased []bool
	n := 0
	add := func(hukou dataset.Hukou, permit bool, grade, birth, j int, bought, disabled bool) {
		n++
		id := fmt.Sprintf("h%d", n)
		ds.Households = append(ds.Households, dataset.Household{ID: id, Hukou: hukou, Permit: permit})
		ds.Children = append(ds.Children, dataset.Child{ID: fmt.Sprintf("c%d", n), HouseholdID: id, Grade: grade, BirthYear: birth,
			Disability: disabled})
		school = append(school, j)
		purchased = append(purchased, bought)
	}
	const pub, pri, none = 0, 1, -1
	for range 3 {
		add(dataset.Migrant, true, 4, 2011, pub, false, false)
	}
	for range 2 {
		add(dataset.Migrant, true, 4, 2011, pri, false, false)
	}
	for range 2 {
		add(dataset.Migrant, true, 0, 2016, pub, false, false)
	}
	add(dataset.Migrant, true, 0, 2016, pri, true, false)
	add(dataset.Migrant, true, 0, 2016, none, false, true)
	add(dataset.Migrant, true, 9, 2006, none, false, true) // left school in 2022
	add(dataset.Migrant, true, 0, 2020, none, false, false)
	add(dataset.Migrant, false, 3, 2012, pri, true, false)
	add(dataset.Migrant, false, 0, 2016, none, false, false)
	for range 3 {
		add(dataset.Local, false, 5, 2010, pri, false, false)
	}
	add(dataset.Local, false, 2, 2013, pub, false, true)
	ds.Index()
	return ds, schools, school, purchased
}

func TestCountShares(t *testing.T) {
	ds, schools, school, purchased := sharesCounty()
	got := CountShares(ds, 2022, schools, school, purchased)
	want := Shares{Year: 2022, MigrantsEligible: 9, MigrantsPublic: 5, MigrantsPurchased: 1, MigrantsPrivate: 2, MigrantsOut: 1,
		DisabledChildren: 2, DisabledEnrolled: 1}
	if got != want {
		t.Fatalf("CountShares:\n got %+v\nwant %+v", got, want)
	}
	if v := got.MigrantShare(); v == nil || *v != 6.0/9 {
		t.Errorf("migrant share %v, want 6/9", v)
	}
	if v := got.DisabledShare(); v == nil || *v != 0.5 {
		t.Errorf("disabled share %v, want 1/2", v)
	}
	// The parts add up to the whole.
	if got.MigrantsPublic+got.MigrantsPurchased+got.MigrantsPrivate+got.MigrantsOut != got.MigrantsEligible {
		t.Errorf("parts %+v do not add up", got)
	}
	// Without purchased places, the purchased seat counts as the family's
	// choice.
	none := CountShares(ds, 2022, schools, school, nil)
	if none.MigrantsPurchased != 0 || none.MigrantsPrivate != 3 || none.MigrantsCounted() != 5 {
		t.Errorf("without purchased places: %+v", none)
	}
	// A school index beyond the schools in force is no school.
	short := CountShares(ds, 2022, schools[:1], school, purchased)
	if short.MigrantsOut != 1+3 || short.MigrantsPublic != 5 {
		t.Errorf("with the private school gone: %+v", short)
	}
	// No children: no shares, and the checks are skipped.
	empty := CountShares(&dataset.Dataset{Meta: dataset.Meta{BaseYear: 2021}}, 2022, schools, nil, nil)
	if empty.MigrantShare() != nil || empty.DisabledShare() != nil {
		t.Errorf("empty county: %+v", empty)
	}
}

// Evaluate checks what CountShares counted: the value of migrants_public
// and disabled_enrolment are the shares, with their counts in the text.
func TestSharesApply(t *testing.T) {
	ds, schools, school, purchased := sharesCounty()
	s := CountShares(ds, 2022, schools, school, purchased)
	c := County{Year: 2022}
	s.Apply(&c)
	r := Evaluate(c, config.Default().Policy)
	m := find(t, r, "", "", KeyMigrantsPublic)
	if m.Value == nil || *m.Value != *s.MigrantShare() || m.Pass {
		t.Errorf("migrants_public %+v, want %v failing", m, *s.MigrantShare())
	}
	if want := "2022 全县: 随迁子女在公办学校就读比例 66.7% < 85% (6/9，一至九年级持居住证随迁子女在公办学校或政府购买学位就读)"; m.Text != want {
		t.Errorf("text %q, want %q", m.Text, want)
	}
	d := find(t, r, "", "", KeyDisabledEnrol)
	if d.Value == nil || *d.Value != 0.5 || d.Pass {
		t.Errorf("disabled_enrolment %+v, want 0.5 failing", d)
	}
}
