package address

import (
	"strings"
	"unicode/utf8"
)

// Address is a parsed address. Every field is normalised text (see
// Normalize), empty when the address does not give it; numbers are decimal
// digit strings, possibly with letters or a hyphenated sub-number ("12-3").
type Address struct {
	Township  string // official township (乡镇) name, e.g. 呼图壁镇; empty when not written
	Community string // neighbourhood committee, e.g. 水晶社区
	Village   string // village, e.g. 红山村 (村委会 stripped)
	Group     string // village group number (组, also written 队), e.g. "5"
	Road      string // road with its suffix, e.g. 园林路, 东风路3巷
	Number    string // house number on the road or in the village, e.g. "18", "12-3"
	Compound  string // residential compound (小区), e.g. 锦华苑 (also for 锦华苑小区), 东方小区, 锦华苑2期
	Building  string // building number (栋), e.g. "3", "A"
	Unit      string // unit (单元) number, e.g. "2"
	Room      string // room (室) number, e.g. "501"
	Extra     string // trailing text Parse did not understand, kept verbatim
}

// roadSuffix reports whether r ends a road name: 路, 街, 道 (大道) or 巷.
func roadSuffix(r rune) bool { return r == '路' || r == '街' || r == '道' || r == '巷' }

// compoundSuffixes end the name of a residential compound.
var compoundSuffixes = []string{
	"小区", "花园", "家园", "公寓", "新村", "广场", "大厦", "公馆", "山庄", "宿舍",
	"苑", "园", "府", "城", "庭", "居", "院", "湾", "邸", "阁", "轩", "墅", "坊",
	"里", "楼", "区",
}

// bareSuffixes are compound suffixes that name nothing on their own: written
// right after a road without a house number they make one compound with it
// (东风路小区).
var bareSuffixes = []string{
	"小区", "花园", "家园", "公寓", "新村", "广场", "大厦", "公馆", "山庄", "宿舍",
	"家属院", "家属楼",
}

// villageTails are written after a village's 村 and dropped: 村委会 etc.
var villageTails = []string{"村民委员会", "村委会", "民委员会", "委员会", "委会"}

// Parse parses an address written in any of the local forms. It never fails:
// what it cannot place goes to Extra. Parse(s) equals Parse(Normalize(s)).
func Parse(s string) Address {
	return parseNormal(Normalize(s))
}

// parseNormal parses a normalised address. The fields of the result are
// substrings of n.
func parseNormal(n string) Address {
	var a Address
	pos := 0
	for _, t := range townships {
		if strings.HasPrefix(n, t) {
			a.Township, pos = n[:len(t)], len(t)
			break
		}
	}
	pos = a.community(n, pos)
	if p, ok := a.village(n, pos); ok {
		pos = p
	} else if p, ok := a.road(n, pos); ok {
		pos = p
	}
	pos = a.compound(n, pos)
	if pos < 0 {
		return a
	}
	pos = a.building(n, pos)
	a.Extra = n[pos:]
	return a
}

// hanEnd returns the end of the run of non-ASCII characters at pos.
func hanEnd(n string, pos int) int {
	for pos < len(n) && n[pos] >= utf8.RuneSelf {
		pos++
	}
	return pos
}

// alnumEnd returns the end of the run of ASCII letters and digits at pos.
func alnumEnd(n string, pos int) int {
	for pos < len(n) && isAlnum(n[pos]) {
		pos++
	}
	return pos
}

// numberEnd returns the end of a house number at pos: an alphanumeric run
// starting with a digit, then any "-run" parts. It returns pos when there is
// none.
func numberEnd(n string, pos int) int {
	if pos >= len(n) || !isDigit(n[pos]) {
		return pos
	}
	e := alnumEnd(n, pos)
	for e+1 < len(n) && n[e] == '-' && isAlnum(n[e+1]) {
		e = alnumEnd(n, e+1)
	}
	return e
}

// buildingMarker reports whether n at pos starts a building, unit, room or
// floor marker (栋, 单元, 室, 楼, 层) that makes a preceding number not a house
// number.
func buildingMarker(n string, pos int) bool {
	r := n[pos:]
	return strings.HasPrefix(r, "栋") || strings.HasPrefix(r, "单元") || strings.HasPrefix(r, "室") ||
		strings.HasPrefix(r, "楼") || strings.HasPrefix(r, "层")
}

// community reads a neighbourhood committee, X社区 (居委会), at pos.
func (a *Address) community(n string, pos int) int {
	he := hanEnd(n, pos)
	k := strings.Index(n[pos:he], "社区")
	if k < 0 {
		return pos
	}
	name := n[pos : pos+k]
	if strings.ContainsFunc(name, func(r rune) bool { return roadSuffix(r) || r == '村' || r == '号' }) {
		return pos
	}
	start := pos
	if k == 0 { // 大丰镇社区: the town's own community
		if a.Township == "" {
			return pos
		}
		start = 0
	}
	end := pos + k + len("社区")
	a.Community = n[start:end]
	if strings.HasPrefix(n[end:], "居委会") {
		end += len("居委会")
	}
	return end
}

// village reads X村 [村委会] [N组|N队] [N号] at pos. The 村 must be followed by
// the end, a group or a house number: 新村路 is a road, 幸福新村3栋 a compound.
//
// The village's name may itself hold 村 (园户村村 is the village 园户村村 of
// the township 园户村镇): each 村 of the run of Han characters is tried in
// turn, and the first that such a tail follows ends the name.
func (a *Address) village(n string, pos int) (int, bool) {
	he := hanEnd(n, pos)
	for from := pos; from < he; {
		k := strings.Index(n[from:he], "村")
		if k < 0 {
			break
		}
		end := from + k + len("村")
		if end-len("村") > pos {
			if p, ok := a.villageAt(n, pos, end); ok {
				return p, true
			}
		}
		from = end
	}
	return pos, false
}

// villageAt reads the village named n[pos:end] (ending in 村) and what
// follows it.
func (a *Address) villageAt(n string, pos, end int) (int, bool) {
	k := end - len("村") - pos
	name := n[pos : pos+k+len("村")]
	p := pos + k + len("村")
	for _, t := range villageTails {
		if strings.HasPrefix(n[p:], t) {
			p += len(t)
			break
		}
	}
	if p == len(n) {
		a.Village = name
		return p, true
	}
	if !isDigit(n[p]) {
		return pos, false
	}
	e := alnumEnd(n, p)
	if strings.HasPrefix(n[e:], "组") || strings.HasPrefix(n[e:], "队") {
		a.Village, a.Group = name, n[p:e]
		p = e + len("组") // 队 has the same length
		if ne := numberEnd(n, p); ne > p && houseNumberEnds(n, ne) {
			a.Number, p = n[p:ne], ne
			p = skipHouseTail(n, p)
		}
		return p, true
	}
	ne := numberEnd(n, p)
	if ne == len(n) || strings.HasPrefix(n[ne:], "号") {
		a.Village, a.Number = name, n[p:ne]
		return skipHouseTail(n, ne), true
	}
	return pos, false
}

// houseNumberEnds reports whether a number ending at ne is a house number:
// not followed by a building, unit, room or floor marker, a Chinese numeral
// or 第, nor by 号楼 once written canonically.
func houseNumberEnds(n string, ne int) bool {
	if ne == len(n) {
		return true
	}
	if r, _ := utf8.DecodeRuneInString(n[ne:]); isHanNumeral(r) || r == '第' {
		return false // 20零, 20第: a 号 written after 20 would change how they read
	}
	return !buildingMarker(n, ne) && !strings.HasPrefix(n[skipHouseTail(n, ne):], "楼")
}

// skipHouseTail skips the 号 and 院 written after a house number (18号院:
// the courtyard at number 18).
func skipHouseTail(n string, p int) int {
	if strings.HasPrefix(n[p:], "号") && !strings.HasPrefix(n[p:], "号楼") {
		p += len("号")
	}
	for strings.HasPrefix(n[p:], "院") {
		p += len("院")
	}
	return p
}

// road reads a road (…路/街/大道/巷/道, with an optional N巷 lane) and its
// house number at pos. A road not followed by a number needs a name of two
// or more characters (天道酬勤苑 is a compound), and a road followed only by
// a bare compound suffix is part of the compound's name (东风路小区).
func (a *Address) road(n string, pos int) (int, bool) {
	he := hanEnd(n, pos)
	k := -1
	for i, r := range n[pos:he] {
		if i > 0 && roadSuffix(r) {
			k = pos + i
			break
		}
	}
	if k < 0 {
		return pos, false
	}
	j := k
	for j < he {
		r, size := utf8.DecodeRuneInString(n[j:])
		if !roadSuffix(r) {
			break
		}
		j += size
	}
	nameRunes := utf8.RuneCountInString(n[pos:k])
	if e := alnumEnd(n, j); e > j && isDigit(n[j]) && strings.HasPrefix(n[e:], "巷") {
		j = e + len("巷") // lane: 东风路3巷
	}
	switch {
	case j == len(n):
	case isDigit(n[j]):
		if ne := numberEnd(n, j); houseNumberEnds(n, ne) {
			a.Road, a.Number = n[pos:j], n[j:ne]
			return skipHouseTail(n, ne), true
		}
	case n[j] < utf8.RuneSelf: // a letter: a building such as A栋
	default:
		if nameRunes < 2 {
			return pos, false
		}
		for _, b := range bareSuffixes {
			if rest := n[j:]; strings.HasPrefix(rest, b) && (len(rest) == len(b) || rest[len(b)] < utf8.RuneSelf) {
				return pos, false
			}
		}
	}
	a.Road = n[pos:j]
	return j, true
}

// compound reads the compound name at pos: the text up to the building (an
// alphanumeric run followed by 栋, 单元 or 室), or, when none follows, the
// longest prefix ending in a compound suffix. It returns -1 after setting
// Extra when the rest of the address is not understood.
func (a *Address) compound(n string, pos int) int {
	b := pos
	for b < len(n) {
		if !isAlnum(n[b]) {
			b++
			continue
		}
		e := alnumEnd(n, b)
		if e < len(n) && buildingMarker(n, e) {
			break
		}
		b = e
	}
	if b == pos {
		return pos
	}
	seg := n[pos:b]
	if b < len(n) {
		a.Compound = trimXiaoqu(seg)
		return b
	}
	k := compoundEnd(seg)
	a.Compound = trimXiaoqu(seg[:k])
	a.Extra = seg[k:]
	return -1
}

// namedSuffixes end a compound name that needs no 小区 after it.
var namedSuffixes = []string{"花园", "家园", "公寓", "新村", "苑", "园", "府", "城", "庭", "居", "湾", "邸"}

// trimXiaoqu drops a 小区 written after a name that already says it is a
// compound (锦华苑小区 → 锦华苑), so both spellings give one key.
func trimXiaoqu(c string) string {
	name, ok := strings.CutSuffix(c, "小区")
	if !ok || utf8.RuneCountInString(name) < 2 {
		return c
	}
	named := false
	for _, s := range namedSuffixes {
		if name == s {
			return c // 花园小区: 花园 alone names nothing
		}
		named = named || strings.HasSuffix(name, s)
	}
	if named {
		return name
	}
	return c
}

// compoundEnd returns the end of the longest prefix of seg that ends in a
// compound suffix or in a phase (N期), 0 when there is none.
func compoundEnd(seg string) int {
	for k := len(seg); k > 0; k-- {
		if k < len(seg) && !utf8.RuneStart(seg[k]) {
			continue // not a rune boundary
		}
		p := seg[:k]
		if strings.HasSuffix(p, "期") && len(p) > len("期") && isDigit(p[len(p)-len("期")-1]) {
			return k
		}
		for _, s := range compoundSuffixes {
			if strings.HasSuffix(p, s) {
				return k
			}
		}
	}
	return 0
}

// building reads [B栋] [U单元] [R室|R号|R] at pos.
func (a *Address) building(n string, pos int) int {
	e := alnumEnd(n, pos)
	if e > pos && strings.HasPrefix(n[e:], "栋") {
		a.Building, pos = n[pos:e], e+len("栋")
		e = alnumEnd(n, pos)
	}
	if e > pos && strings.HasPrefix(n[e:], "单元") {
		a.Unit, pos = n[pos:e], e+len("单元")
		e = alnumEnd(n, pos)
	}
	if e > pos {
		switch {
		case strings.HasPrefix(n[e:], "室"):
			a.Room, pos = n[pos:e], e+len("室")
		case strings.HasPrefix(n[e:], "号") && !strings.HasPrefix(n[e:], "号楼") && (a.Building != "" || a.Unit != ""):
			a.Room, pos = n[pos:e], e+len("号")
		case e == len(n) && (a.Building != "" || a.Unit != ""):
			a.Room, pos = n[pos:e], e
		}
	}
	return pos
}

// Key names the unit a zone must never split, for grouping households:
//
//	township|compound            when the address names a compound,
//	township|village|group       else when it names a village (group may be empty),
//	township|road|number         else when it names a road and house number,
//	String()                     else (the canonical written form).
//
// The township part is empty when the address does not give one, so
// 园林路18号锦华苑 and 呼图壁镇园林路18号锦华苑 have different keys.
func (a Address) Key() string {
	switch {
	case a.Compound != "":
		return a.Township + "|" + a.Compound
	case a.Village != "":
		return a.Township + "|" + a.Village + "|" + a.Group
	case a.Road != "" && a.Number != "":
		return a.Township + "|" + a.Road + "|" + a.Number
	}
	return a.String()
}

// Street returns the road and the leading integer of the house number
// (12-3 → 12, 18A → 18), for building house-number ranges. ok is false when
// the address has no road, no number, or a number that does not start with
// digits that fit in an int32.
func (a Address) Street() (road string, number int, ok bool) {
	if a.Road == "" {
		return "", 0, false
	}
	i := 0
	for i < len(a.Number) && isDigit(a.Number[i]) {
		number = number*10 + int(a.Number[i]-'0')
		if number > 1<<31-1 {
			return a.Road, 0, false
		}
		i++
	}
	if i == 0 {
		return a.Road, 0, false
	}
	return a.Road, number, true
}

// String returns the canonical written form: township, community (without
// repeating the township), village,
// N组, road, N号, compound, N栋, N单元, N室, then Extra.
func (a Address) String() string {
	var b strings.Builder
	b.Grow(len(a.Township) + len(a.Community) + len(a.Village) + len(a.Group) + len(a.Road) +
		len(a.Number) + len(a.Compound) + len(a.Building) + len(a.Unit) + len(a.Room) + len(a.Extra) + 24)
	b.WriteString(a.Township)
	// A town's own community (大丰镇社区) already begins with the township.
	if a.Township != "" && strings.HasPrefix(a.Community, a.Township) && a.Community[len(a.Township):] == "社区" {
		b.WriteString("社区")
	} else {
		b.WriteString(a.Community)
	}
	b.WriteString(a.Village)
	if a.Group != "" {
		b.WriteString(a.Group)
		b.WriteString("组")
	}
	b.WriteString(a.Road)
	if a.Number != "" {
		b.WriteString(a.Number)
		b.WriteString("号")
	}
	b.WriteString(a.Compound)
	if a.Building != "" {
		b.WriteString(a.Building)
		b.WriteString("栋")
	}
	if a.Unit != "" {
		b.WriteString(a.Unit)
		b.WriteString("单元")
	}
	if a.Room != "" {
		b.WriteString(a.Room)
		b.WriteString("室")
	}
	b.WriteString(a.Extra)
	return b.String()
}
