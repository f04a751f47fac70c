// Package importtest writes a bureau's spreadsheets for a generated county,
// as the tests of engine/importer and of `zoning import` read them: the
// school table as .xlsx with a two-row title, a header merged over two rows
// (学位数 over 小学 | 初中) and a 合计 row; the household list as GBK CSV
// with CRLF line ends; the student register as .xlsx with birth dates as
// Excel serials, 身份证号 with good and bad check digits, grades in words,
// duplicates across and within the files; and a reference of standard
// addresses covering a share of the county's addresses.
//
// Names and id numbers are made up from the generator's seed and nothing
// else: Register.Names and Register.IDNumbers list them, so that a test can
// check none reaches an output.
package importtest

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/simplifiedchinese"

	"github.com/hutubi-edu/zoning/engine/dataset"
)

// Register is what Write wrote.
type Register struct {
	Schools, Households, Children, Reference string // paths
	// Names and IDNumbers are every personal name and id number written.
	Names, IDNumbers []string
	// BadCheck are the children's rows (line in the register) whose
	// 身份证号 has a wrong check digit.
	BadCheck []int
	// HouseholdNo maps a generated household's id to the 户号 written.
	HouseholdNo map[string]string
	// Duplicates: rows of the households list and the register that repeat
	// an earlier one.
	DupHouseholdLine, DupChildLine int
	// Orphan is a household left out of the households list, whose child
	// rows carry its address.
	Orphan string
}

var surnames = []rune("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗")
var given = []rune("伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚桂")

// CheckChar is the GB 11643 check character of 17 digits, computed here
// independently of engine/importer: the sum of digit × 2^(17−i) mod 11,
// then 12 − sum mod 11, written X for 10.
func CheckChar(d17 string) byte {
	sum := 0
	for i := 0; i < 17; i++ {
		w := (1 << (17 - i)) % 11
		sum += int(d17[i]-'0') * w
	}
	c := (12 - sum%11) % 11
	if c == 10 {
		return 'X'
	}
	return byte('0' + c)
}

// Write writes the spreadsheets of d into dir. keep is the share of the
// distinct addresses (at the building: without unit and room) the
// reference holds; refAddress gives that address of a household's.
func Write(dir string, d *dataset.Dataset, seed uint64, keep float64, refAddress func(string) string) (*Register, error) {
	rng := rand.New(rand.NewPCG(seed, 11))
	reg := &Register{
		Schools:     filepath.Join(dir, "学校信息表.xlsx"),
		Households:  filepath.Join(dir, "户籍登记.csv"),
		Children:    filepath.Join(dir, "学籍.xlsx"),
		Reference:   filepath.Join(dir, "标准地址.csv"),
		HouseholdNo: map[string]string{},
	}
	usedName := map[string]bool{}
	name := func() string {
		for {
			n := string(surnames[rng.IntN(len(surnames))]) + string(given[rng.IntN(len(given))]) + string(given[rng.IntN(len(given))])
			if !usedName[n] {
				usedName[n] = true
				reg.Names = append(reg.Names, n)
				return n
			}
		}
	}
	seq := 0
	idNumber := func(birth time.Time, good bool) string {
		seq++
		d17 := fmt.Sprintf("652323%s%03d", birth.Format("20060102"), seq%1000)
		c := CheckChar(d17)
		if !good {
			c = "0123456789X"[(strings.IndexByte("0123456789X", c)+1+rng.IntN(10))%11]
		}
		id := d17 + string(c)
		reg.IDNumbers = append(reg.IDNumbers, id)
		return id
	}

	// The reference: school addresses and the homes' addresses.
	var ref bytes.Buffer
	ref.WriteString("lon,lat,address\n")
	schoolAddr := map[string]string{}
	for i, s := range d.Schools {
		a := fmt.Sprintf("%s教育路%d号", strings.TrimSpace(s.Address), 2*i+1)
		schoolAddr[s.ID] = a
		fmt.Fprintf(&ref, "%.7f,%.7f,%s\n", s.Loc[0], s.Loc[1], a)
	}
	seen := map[string]bool{}
	for _, h := range d.Households {
		a := refAddress(h.Address)
		if seen[a] {
			continue
		}
		seen[a] = true
		if rng.Float64() < keep {
			fmt.Fprintf(&ref, "%.7f,%.7f,%s\n", h.Loc[0], h.Loc[1], a)
		}
	}
	// In GBK, as a bureau's gazetteer export often is.
	refGBK, err := simplifiedchinese.GBK.NewEncoder().Bytes(ref.Bytes())
	if err != nil {
		return nil, err
	}
	if err := os.WriteFile(reg.Reference, refGBK, 0o644); err != nil {
		return nil, err
	}

	// Schools: two title rows, a header of two rows, a 合计 row.
	x := excelize.NewFile()
	sh := "学校基本情况"
	if err := x.SetSheetName("Sheet1", sh); err != nil {
		return nil, err
	}
	set := func(cell string, v any) { _ = x.SetCellValue(sh, cell, v) }
	set("A1", d.Meta.Name+"义务教育学校基本情况表")
	_ = x.MergeCell(sh, "A1", "H1")
	set("A2", "填报单位：县教育局　　填报日期：2025年9月")
	_ = x.MergeCell(sh, "A2", "H2")
	for i, h := range []string{"序号", "学校名称", "学校标识码", "地址", "办学类型", "学位数", "", "办学性质"} {
		col, _ := excelize.ColumnNumberToName(i + 1)
		if h != "" {
			set(col+"3", h)
		}
		if h != "学位数" && h != "" {
			_ = x.MergeCell(sh, col+"3", col+"4")
		}
	}
	_ = x.MergeCell(sh, "F3", "G3")
	set("F4", "小学")
	set("G4", "初中")
	row := 5
	totP, totJ := 0, 0
	for i, s := range d.Schools {
		typ := "小学"
		switch {
		case s.PrimarySeats > 0 && s.JuniorSeats > 0:
			typ = "九年一贯制学校"
		case s.JuniorSeats > 0:
			typ = "初级中学"
		}
		pub := "公办"
		if !s.Public {
			pub = "民办"
		}
		vals := []any{i + 1, s.Name, fmt.Sprintf("21%08d", 65000000+i), schoolAddr[s.ID], typ, s.PrimarySeats, s.JuniorSeats, pub}
		for k, v := range vals {
			col, _ := excelize.ColumnNumberToName(k + 1)
			set(fmt.Sprintf("%s%d", col, row), v)
		}
		totP += s.PrimarySeats
		totJ += s.JuniorSeats
		row++
	}
	set(fmt.Sprintf("A%d", row), "合计")
	_ = x.MergeCell(sh, fmt.Sprintf("A%d", row), fmt.Sprintf("E%d", row))
	set(fmt.Sprintf("F%d", row), totP)
	set(fmt.Sprintf("G%d", row), totJ)
	if err := x.SaveAs(reg.Schools); err != nil {
		return nil, err
	}

	// Households: GBK, CRLF; one household left out (its children carry
	// its address), one row repeated.
	reg.Orphan = d.Households[len(d.Households)/2].ID
	withChild := map[string]bool{}
	for _, c := range d.Children {
		withChild[c.HouseholdID] = true
	}
	for _, h := range d.Households[len(d.Households)/2:] {
		if withChild[h.ID] {
			reg.Orphan = h.ID
			break
		}
	}
	var hb bytes.Buffer
	w := csv.NewWriter(&hb)
	w.UseCRLF = true
	_ = w.Write([]string{"户号", "户主姓名", "户主身份证号", "住址", "户口性质", "居住证"})
	line := 1
	var first []string
	for i, h := range d.Households {
		no := fmt.Sprintf("6523230%07d", i+1)
		reg.HouseholdNo[h.ID] = no
		if h.ID == reg.Orphan {
			continue
		}
		hk := "本地"
		switch {
		case h.Hukou == dataset.Migrant:
			hk = "外地"
		case i%97 == 5:
			hk = "农业户口" // not where the registration is: listed as not understood
		}
		permit := ""
		if h.Hukou == dataset.Migrant {
			permit = "无"
			if h.Permit {
				permit = "有"
			}
		}
		birth := time.Date(1975+rng.IntN(20), time.Month(1+rng.IntN(12)), 1+rng.IntN(28), 0, 0, 0, 0, time.UTC)
		rec := []string{no, name(), idNumber(birth, true), h.Address, hk, permit}
		_ = w.Write(rec)
		line++
		if first == nil {
			first = rec
		}
	}
	_ = w.Write(first)
	line++
	reg.DupHouseholdLine = line
	w.Flush()
	gbk, err := simplifiedchinese.GBK.NewEncoder().Bytes(hb.Bytes())
	if err != nil {
		return nil, err
	}
	if err := os.WriteFile(reg.Households, gbk, 0o644); err != nil {
		return nil, err
	}

	// The register: a title row, then the header.
	x = excelize.NewFile()
	sh = "Sheet1"
	set("A1", d.Meta.Name+"中小学生学籍信息（"+fmt.Sprint(d.Meta.BaseYear)+"学年）")
	_ = x.MergeCell(sh, "A1", "K1")
	header := []string{"学籍号", "姓名", "身份证号", "出生日期", "年级", "就读学校", "户号", "现住址", "户口性质", "居住证", "备注"}
	for k, h := range header {
		col, _ := excelize.ColumnNumberToName(k + 1)
		set(col+"2", h)
	}
	grades := []string{"学前", "一年级", "二年级", "三年级", "四年级", "五年级", "六年级", "初一", "八年级", "9"}
	row = 3
	hhIdx := map[string]int{}
	for i, h := range d.Households {
		hhIdx[h.ID] = i
	}
	excelDay := func(t time.Time) int { return int(t.Sub(time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC)).Hours() / 24) }
	var dupRow []any
	for i, c := range d.Children {
		h := d.Households[hhIdx[c.HouseholdID]]
		birth := time.Date(c.BirthYear, time.Month(1+rng.IntN(8)), 1+rng.IntN(28), 0, 0, 0, 0, time.UTC)
		good := i%50 != 7
		idn := idNumber(birth, good)
		if !good {
			reg.BadCheck = append(reg.BadCheck, row)
		}
		school := ""
		if c.SchoolID != "" {
			school = d.School(c.SchoolID).Name
		}
		hk := "本地"
		if h.Hukou == dataset.Migrant {
			hk = "随迁子女"
		}
		permit := ""
		if h.Hukou == dataset.Migrant && h.Permit {
			permit = "是"
		}
		no := reg.HouseholdNo[h.ID]
		if h.ID == reg.Orphan {
			no = ""
		}
		vals := []any{"G" + idn, name(), idn, excelDay(birth), grades[c.Grade], school, no, h.Address, hk, permit, ""}
		if i%3 == 1 {
			vals[3] = birth.Format("2006年1月2日")
		}
		for k, v := range vals {
			col, _ := excelize.ColumnNumberToName(k + 1)
			set(fmt.Sprintf("%s%d", col, row), v)
		}
		if i == 10 {
			dupRow = vals
		}
		row++
	}
	for k, v := range dupRow {
		col, _ := excelize.ColumnNumberToName(k + 1)
		set(fmt.Sprintf("%s%d", col, row), v)
	}
	reg.DupChildLine = row
	if err := x.SaveAs(reg.Children); err != nil {
		return nil, err
	}
	return reg, nil
}
