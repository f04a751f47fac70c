package importer

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// idWeights are the GB 11643-1999 weights of the first 17 digits of a
// citizen identity number, 2^(18−i) mod 11.
var idWeights = [17]int{7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2}

// checkChars are the check characters by the weighted sum mod 11.
const checkChars = "10X98765432"

// IDCheckChar returns the GB 11643 check character of the first 17 digits
// of an 18-character citizen identity number.
func IDCheckChar(first17 string) (byte, error) {
	if len(first17) != 17 {
		return 0, errors.New("want 17 digits")
	}
	sum := 0
	for i := range 17 {
		c := first17[i]
		if c < '0' || c > '9' {
			return 0, errors.New("want 17 digits")
		}
		sum += int(c-'0') * idWeights[i]
	}
	return checkChars[sum%11], nil
}

// IDBirth checks an 18-character citizen identity number (GB 11643: a
// 6-digit region, the birth date YYYYMMDD, a 3-digit sequence, a check
// character 0–9 or X) and returns its birth date. The error never repeats
// the number.
func IDBirth(id string) (time.Time, error) {
	id = strings.ToUpper(strings.TrimSpace(id))
	switch {
	case len(id) == 15:
		return time.Time{}, errors.New("a 15-digit number (issued before 1999), not a child's: give the 18-digit one")
	case len(id) != 18:
		return time.Time{}, fmt.Errorf("%d characters, want 18", len(id))
	}
	want, err := IDCheckChar(id[:17])
	if err != nil {
		return time.Time{}, errors.New("not 17 digits and a check character")
	}
	if id[17] != want {
		return time.Time{}, errors.New("wrong check digit (GB 11643)")
	}
	d, err := time.Parse("20060102", id[6:14])
	if err != nil {
		return time.Time{}, errors.New("no valid birth date in digits 7–14")
	}
	return d, nil
}

// excelEpoch is day 0 of Excel's 1900 date system as Excel counts (it
// treats 1900 as a leap year, so serials from 61 on are 1899-12-30 + n).
var excelEpoch = time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC)

// ParseDate reads a date as registers write it: an Excel serial (42248, the
// days since 1899-12-30, as a cell formatted as a date holds it), 2015/9/1,
// 2015-09-01, 2015.9.1, 2015年9月1日, 20150901, or a month without a day
// (2015/9, 2015年9月, 201509; the 1st is taken). Years 1900–2100.
func ParseDate(s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	bad := fmt.Errorf("date %q not understood (accepted: an Excel date, 2015/9/1, 2015-09-01, 2015年9月1日, 20150901)", s)
	if s == "" {
		return time.Time{}, errors.New("no date")
	}
	if allDigits(s) {
		switch len(s) {
		case 8:
			return checkYear(time.Parse("20060102", s))
		case 6:
			return checkYear(time.Parse("200601", s))
		}
	}
	if f, err := strconv.ParseFloat(s, 64); err == nil {
		// An Excel serial: 1950-01-01 is 18264, 2100-12-31 is 73415.
		if f >= 61 && f < 73416 {
			return excelEpoch.AddDate(0, 0, int(f)), nil
		}
		return time.Time{}, bad
	}
	r := strings.NewReplacer("年", "-", "月", "-", "日", "", "/", "-", ".", "-", "号", "")
	t := strings.TrimSuffix(r.Replace(s), "-")
	if i := strings.IndexByte(t, ' '); i > 0 { // 2015-09-01 00:00:00
		t = t[:i]
	}
	parts := strings.Split(t, "-")
	if len(parts) < 2 || len(parts) > 3 {
		return time.Time{}, bad
	}
	nums := make([]int, 3)
	nums[2] = 1
	for i, p := range parts {
		n, err := strconv.Atoi(p)
		if err != nil || p == "" || len(p) > 4 {
			return time.Time{}, bad
		}
		nums[i] = n
	}
	d := time.Date(nums[0], time.Month(nums[1]), nums[2], 0, 0, 0, 0, time.UTC)
	if d.Year() != nums[0] || int(d.Month()) != nums[1] || d.Day() != nums[2] {
		return time.Time{}, bad
	}
	return checkYear(d, nil)
}

func checkYear(d time.Time, err error) (time.Time, error) {
	if err != nil {
		return time.Time{}, errors.New("not a date")
	}
	if d.Year() < 1900 || d.Year() > 2100 {
		return time.Time{}, fmt.Errorf("year %d out of 1900–2100", d.Year())
	}
	return d, nil
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

// gradeWords are the grade names of a register, 1–9.
var gradeWords = map[string]int{
	"一年级": 1, "二年级": 2, "三年级": 3, "四年级": 4, "五年级": 5, "六年级": 6,
	"七年级": 7, "八年级": 8, "九年级": 9,
	"初一": 7, "初二": 8, "初三": 9, "初一年级": 7, "初二年级": 8, "初三年级": 9,
	"初中一年级": 7, "初中二年级": 8, "初中三年级": 9,
	"小学一年级": 1, "小学二年级": 2, "小学三年级": 3, "小学四年级": 4, "小学五年级": 5, "小学六年级": 6,
	"1年级": 1, "2年级": 2, "3年级": 3, "4年级": 4, "5年级": 5, "6年级": 6, "7年级": 7, "8年级": 8, "9年级": 9,
	"学前": 0, "未入学": 0, "学龄前": 0, "0": 0,
}

// ParseGrade reads a grade: 一年级 … 九年级, 初一 … 初三, 小学三年级, 1 … 9,
// or 学前 / 未入学 / 0 (not at school yet). A blank grade is an error: the
// caller decides whether a child without a school is grade 0.
func ParseGrade(s string) (int, error) {
	t := strings.Map(func(r rune) rune {
		if r == ' ' || r == '\u3000' {
			return -1
		}
		if r >= '０' && r <= '９' {
			return r - '０' + '0'
		}
		return r
	}, s)
	if g, ok := gradeWords[t]; ok {
		return g, nil
	}
	if n, err := strconv.Atoi(t); err == nil && n >= 0 && n <= 9 {
		return n, nil
	}
	return 0, fmt.Errorf("grade %q not understood (accepted: 一年级–九年级, 初一–初三, 1–9, 学前)", s)
}

// hukouWords are the 户口性质 values read without a mapping file. 农业 /
// 非农业 / 居民户口 say what kind of registration, not where: they are not
// here, and are listed as not understood unless the mapping file names them.
var hukouWords = map[string]string{
	"本地": "local", "本县": "local", "本县户籍": "local", "本地户籍": "local", "户籍": "local", "县内": "local",
	"本市": "local", "常住": "local", "常住户口": "local", "本地户口": "local", "local": "local",
	"外地": "migrant", "外县": "migrant", "外省": "migrant", "外市": "migrant", "随迁": "migrant",
	"随迁子女": "migrant", "流动": "migrant", "流动人口": "migrant", "外来": "migrant", "暂住": "migrant",
	"非本县": "migrant", "外地户籍": "migrant", "外来人口": "migrant", "migrant": "migrant",
}

// permitWords are the 居住证 values read without a mapping file.
var permitWords = map[string]string{
	"有": "1", "是": "1", "持有": "1", "已办理": "1", "已办": "1", "1": "1", "y": "1", "yes": "1",
	"无": "0", "否": "0", "没有": "0", "未办理": "0", "未办": "0", "0": "0", "n": "0", "no": "0", "": "0",
}

// hashID is the opaque id of a personal id: "prefix" and the first 16 hex
// digits of HMAC-SHA-256(salt, kind | value).
func hashID(salt []byte, prefix, kind, value string) string {
	m := hmac.New(sha256.New, salt)
	m.Write([]byte(kind))
	m.Write([]byte{0})
	m.Write([]byte(strings.ToUpper(strings.TrimSpace(value))))
	return prefix + hex.EncodeToString(m.Sum(nil))[:16]
}
