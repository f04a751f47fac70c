package address

import (
	"strings"
	"unicode/utf8"
)

// Address is a parsed address. Every field is normalised text (see
// Normalize), empty when the address does not give it; numbers are decimal
// digit strings, possibly with letters or a hyphenated sub-number ("12-3").
type Address struct {
	// Township is the official township (镇, 乡, 街道, 苏木) name, e.g.
	// 呼图壁镇; empty when not written.
	Township  string
	Community string // neighbourhood committee, e.g. 水晶社区, 河西居委会
	Village   string // village (村, 嘎查, 屯), e.g. 红山村 (村委会 stripped)
	Hamlet    string // natural village of the village (自然村, 屯), e.g. 王庄自然村, 王家屯
	Group     string // village group number (组, also written 队, 社, 小组, 村民小组), e.g. "5"
	Road      string // road with its suffix, direction and section, e.g. 园林路, 东风路3巷, 南海大道北, 人民南路3段, 西四胡同
	Lane      string // lane (弄) number on the road, e.g. "1018" of 长宁路1018弄
	Number    string // house number on the road, lane or in the village, e.g. "18", "12-3", "261附1" (附 kept)
	Compound  string // residential compound (小区), e.g. 锦华苑 (also for 锦华苑小区), 东方小区, 锦华苑2期
	Building  string // building number (栋), e.g. "3", "A"
	Unit      string // unit (单元) number, e.g. "2"
	Room      string // room (室) number, e.g. "501"
	Extra     string // trailing text Parse did not understand, kept verbatim
}

// roadSuffix reports whether r ends a road name: 路, 街, 道 (大道) or 巷
// (胡同 is matched as a word).
func roadSuffix(r rune) bool { return r == '路' || r == '街' || r == '道' || r == '巷' }

// isDirection reports whether r is a direction written after a road's
// suffix (南海大道北28号).
func isDirection(r rune) bool {
	return r == '东' || r == '西' || r == '南' || r == '北' || r == '中'
}

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

// villageTails are written after a village's 村 or 嘎查 (村委会 etc.);
// Normalize drops them but before a natural village (陈庄村委会王庄村).
var villageTails = []string{"村民委员会", "村委会", "民委员会", "委员会", "委会"}

// parseNormal parses a normalised address. The fields of the result are
// substrings of n.
func (p *Parser) parseNormal(n string) Address {
	var a Address
	pos := p.township(&a, n)
	pos = p.community(&a, n, pos)
	if q, ok := p.village(&a, n, pos); ok {
		pos = q
	} else if q, ok := a.road(n, pos); ok {
		pos = q
	}
	pos = a.compound(n, pos)
	if pos < 0 {
		return a
	}
	pos = a.building(n, pos)
	a.Extra = n[pos:]
	return a
}

// township reads the township at the start of n: the longest listed
// township, else, unless a listed community or village begins n (新乡村),
// a name by the suffix rules (…镇, …乡, …街道, …苏木), and a 办事处 after it.
func (p *Parser) township(a *Address, n string) int {
	end := listed(p, n, 0, nameTownship)
	if end < 0 {
		if listed(p, n, 0, nameCommunity|nameVillage) >= 0 {
			return 0
		}
		if end = townshipEnd(n, 0); end < 0 {
			return 0
		}
	}
	a.Township = n[:end]
	if strings.HasPrefix(n[end:], "办事处") {
		end += len("办事处")
	}
	return end
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
// starting with a digit, then any "-run" parts, then an annex 附N. It
// returns pos when there is none.
func numberEnd(n string, pos int) int {
	if pos >= len(n) || !isDigit(n[pos]) {
		return pos
	}
	e := alnumEnd(n, pos)
	for e+1 < len(n) && n[e] == '-' && isAlnum(n[e+1]) {
		e = alnumEnd(n, e+1)
	}
	if f := e + len("附"); strings.HasPrefix(n[e:], "附") && f < len(n) && isDigit(n[f]) {
		e = alnumEnd(n, f)
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

// houseInCompound reports whether the 号 at e, after the number n[b:e],
// numbers a building of a compound (翰林花园10号502室, 翰林花园10号2单元502室,
// 翰林花园10号, as 上海 and 浙江 write them): a number not after 第, and after
// it the end, a room (N室, N房) or a staircase (N单元).
func houseInCompound(n string, b, e int) bool {
	if e == b || !isDigit(n[b]) || strings.HasSuffix(n[:b], "第") || !strings.HasPrefix(n[e:], "号") ||
		strings.HasPrefix(n[e:], "号楼") {
		return false
	}
	r := e + len("号")
	if r == len(n) {
		return true
	}
	re := alnumEnd(n, r)
	return re > r && (strings.HasPrefix(n[re:], "室") || strings.HasPrefix(n[re:], "房") || strings.HasPrefix(n[re:], "单元"))
}

// community reads a neighbourhood committee at pos: a listed community, or
// X社区 or X居委会, X holding no 村 nor 号 (Normalize drops the 居委会 written
// after 社区).
func (p *Parser) community(a *Address, n string, pos int) int {
	if end := listed(p, n, pos, nameCommunity); end > 0 && listed(p, n, pos, nameVillage) <= end {
		a.Community = n[pos:end]
		return end
	}
	he := hanEnd(n, pos)
	k, suffix := strings.Index(n[pos:he], "社区"), "社区"
	if j := strings.Index(n[pos:he], "居委会"); j > 0 && (k < 0 || j < k) {
		k, suffix = j, "居委会"
	}
	if k < 0 {
		return pos
	}
	// Community names may hold a road (南锣鼓巷社区, 西大街社区), not a
	// village or a house number.
	if name := n[pos : pos+k]; strings.ContainsFunc(name, func(r rune) bool { return r == '村' || r == '号' }) {
		return pos
	}
	start := pos
	// 大丰镇社区: the town's own community.
	if k == 0 {
		if a.Township == "" || suffix != "社区" {
			return pos
		}
		start = 0
	}
	end := pos + k + len(suffix)
	a.Community = n[start:end]
	return end
}

// village reads a village at pos: a listed village, or a name ending in 村,
// 嘎查 or 屯, followed by what may follow a village (see villageAt): 新村路 is
// a road, 幸福新村3栋 a compound.
//
// The village's name may itself hold 村 (园户村村 is the village 园户村村 of
// the township 园户村镇): each 村 of the run of Han characters is tried in
// turn, and the first that such a tail follows ends the name.
func (p *Parser) village(a *Address, n string, pos int) (int, bool) {
	if end := listed(p, n, pos, nameVillage); end > 0 {
		if q, ok := a.villageAt(n, pos, end, true); ok {
			return q, true
		}
	}
	he := hanEnd(n, pos)
	for i := pos; i < he; {
		r, size := decode(n, i)
		end := -1
		switch {
		case r == '村', r == '屯':
			end = i + size
		case r == '嘎' && strings.HasPrefix(n[i:], "嘎查"):
			end = i + len("嘎查")
		}
		if r == '委' {
			break // a committee is in no village's name
		}
		if end > 0 && i > pos {
			if q, ok := a.villageAt(n, pos, end, false); ok {
				return q, true
			}
		}
		i += size
	}
	return pos, false
}

// groupMarkers follow a village group's number.
var groupMarkers = []string{"村民小组", "小组", "组", "队", "经济合作社", "经济社", "合作社", "社"}

// groupMarker returns the length of the group marker at pos of n, or 0.
func groupMarker(n string, pos int) int {
	for _, m := range groupMarkers {
		if strings.HasPrefix(n[pos:], m) {
			if m == "社" && strings.HasPrefix(n[pos:], "社区") {
				return 0
			}
			return len(m)
		}
	}
	return 0
}

// villageAt reads the village named n[pos:end] and what follows it: a
// natural village (…自然村, …屯, or …村 after 委会), then the end, a group
// (N组) with an optional house number, a house number (N号), or a road with
// a number (城中村: 陈寨村东三街12号). A name ending in 新村 with nothing
// after it is a compound (幸福新村), unless the gazetteer lists it.
func (a *Address) villageAt(n string, pos, end int, listed bool) (int, bool) {
	name := n[pos:end]
	p := end
	// Normalize keeps a committee's tail only before a natural village
	// ending in 村 (陈庄村委会王庄村).
	tail := strings.HasPrefix(n[p:], "委会")
	if tail {
		p += len("委会")
	}
	hamlet := ""
	if he := hanEnd(n, p); he > p {
		h := n[p:he]
		runes := utf8.RuneCountInString(h)
		ok := false
		switch {
		case strings.HasSuffix(h, "自然村"):
			ok = runes > 3 && !tail
		case strings.HasSuffix(h, "屯"):
			ok = runes >= 2 && !tail
		case strings.HasSuffix(h, "村"):
			ok = tail && runes >= 2
		}
		if ok && !strings.ContainsAny(h, notInPlaceNames) {
			hamlet, p = h, he
		}
	}
	if tail && hamlet == "" {
		return pos, false
	}
	set := func() { a.Village, a.Hamlet = name, hamlet }
	if p == len(n) {
		if hamlet == "" && strings.HasSuffix(name, "新村") && !listed {
			return pos, false // 幸福新村 alone is a compound
		}
		set()
		return p, true
	}
	if isDigit(n[p]) {
		e := alnumEnd(n, p)
		if m := groupMarker(n, e); m > 0 {
			set()
			a.Group = n[p:e]
			p = e + m
			if ne := numberEnd(n, p); ne > p && houseNumberEnds(n, ne) {
				a.Number, p = n[p:ne], ne
				p = skipHouseTail(n, p)
			}
			return p, true
		}
		ne := numberEnd(n, p)
		if ne == len(n) || strings.HasPrefix(n[ne:], "号") {
			set()
			a.Number = n[p:ne]
			return skipHouseTail(n, ne), true
		}
		return pos, false
	}
	var r Address
	if q, ok := r.road(n, p); ok && (r.Number != "" || r.Lane != "" || q == len(n)) {
		set()
		a.Road, a.Lane, a.Number = r.Road, r.Lane, r.Number
		return q, true
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

// road reads a road (…路/街/大道/巷/道/胡同, with a direction or section
// after it: 南海大道北, 人民南路3段, and an optional N巷 lane) and its house
// number at pos, or its 弄 lane and the number in the lane (长宁路1018弄5号).
// A road not followed by a number needs a name of two or more characters
// (天道酬勤苑 is a compound), and a road followed only by a bare compound
// suffix is part of the compound's name (东风路小区).
func (a *Address) road(n string, pos int) (int, bool) {
	he := hanEnd(n, pos)
	k := -1
	for i := pos; i < he; {
		r, size := decode(n, i)
		if i > pos && (roadSuffix(r) || strings.HasPrefix(n[i:], "胡同")) {
			k = i
			break
		}
		i += size
	}
	if k < 0 {
		return pos, false
	}
	j := k
	for j < he {
		if strings.HasPrefix(n[j:], "胡同") {
			j += len("胡同")
			continue
		}
		r, size := decode(n, j)
		if !roadSuffix(r) {
			break
		}
		j += size
	}
	nameRunes := utf8.RuneCountInString(n[pos:k])
	if j < he {
		// A direction, with 段 or before the number: 南海大道北28号, 人民路东段.
		if r, size := decode(n, j); isDirection(r) {
			q := j + size
			if strings.HasPrefix(n[q:], "段") {
				j = q + len("段")
			} else if q == he && q < len(n) && isDigit(n[q]) {
				j = q
			}
		}
	}
	if e := alnumEnd(n, j); e > j && isDigit(n[j]) && (strings.HasPrefix(n[e:], "段") || strings.HasPrefix(n[e:], "巷")) {
		j = e + len("巷") // section or lane: 人民南路3段, 东风路3巷 (段 has the same length)
	}
	switch {
	case j == len(n):
	case isDigit(n[j]):
		if e := alnumEnd(n, j); strings.HasPrefix(n[e:], "弄") {
			a.Road, a.Lane = n[pos:j], n[j:e]
			q := e + len("弄")
			if ne := numberEnd(n, q); ne > q && houseNumberEnds(n, ne) {
				a.Number, q = n[q:ne], skipHouseTail(n, ne)
			}
			return q, true
		}
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
		if e < len(n) && (buildingMarker(n, e) || houseInCompound(n, b, e)) {
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
	switch {
	case e > pos && strings.HasPrefix(n[e:], "栋"):
		a.Building, pos = n[pos:e], e+len("栋")
		e = alnumEnd(n, pos)
	case e > pos && houseInCompound(n, pos, e):
		a.Building, pos = n[pos:e], e+len("号")
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
//	township|compound             when the address names a compound,
//	township|road|N弄             else when it names a lane (a 弄 is one compound),
//	township|village|group        else when it names a village group or a natural
//	                              village (hamlet, then group: 王庄自然村3),
//	township|village|road|number  else for a house on a road inside a village (城中村),
//	township|village|             else when it names a village,
//	township|road|number          else when it names a road and house number
//	                              (261附1 is not 261),
//	String()                      else (the canonical written form).
//
// The township part is empty when the address does not give one, so
// 园林路18号锦华苑 and 呼图壁镇园林路18号锦华苑 have different keys; it is never
// filled in from the gazetteer.
func (a Address) Key() string {
	switch {
	case a.Compound != "":
		return a.Township + "|" + a.Compound
	case a.Lane != "" && a.Road != "":
		return a.Township + "|" + a.Road + "|" + a.Lane + "弄"
	case a.Village != "" && (a.Group != "" || a.Hamlet != ""):
		return a.Township + "|" + a.Village + "|" + a.Hamlet + a.Group
	case a.Village != "" && a.Road != "" && a.Number != "":
		return a.Township + "|" + a.Village + "|" + a.Road + "|" + a.Number
	case a.Village != "":
		return a.Township + "|" + a.Village + "|"
	case a.Road != "" && a.Number != "":
		return a.Township + "|" + a.Road + "|" + a.Number
	}
	return a.String()
}

// PlaceName is the name people give the place of the key, without the
// township: the compound (锦华苑), the lane (长宁路1018弄), the village group
// (王庄村3组), the house in a village (陈寨村东三街12号), the village (西沟村),
// the house on a road (园林路18号), else the canonical written form.
func (a Address) PlaceName() string {
	switch {
	case a.Compound != "":
		return a.Compound
	case a.Lane != "" && a.Road != "":
		return a.Road + a.Lane + "弄"
	case a.Village != "" && (a.Group != "" || a.Hamlet != ""):
		s := a.Village + a.Hamlet
		if a.Group != "" {
			s += a.Group + "组"
		}
		return s
	case a.Village != "" && a.Road != "" && a.Number != "":
		return a.Village + a.Road + a.Number + "号"
	case a.Village != "":
		return a.Village
	case a.Road != "" && a.Number != "":
		return a.Road + a.Number + "号"
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
// repeating the township), village, natural village (after 委会 when its
// name ends in 村 alone), N组, road, N弄, N号, compound, N栋, N单元, N室,
// then Extra.
func (a Address) String() string {
	var b strings.Builder
	b.Grow(len(a.Township) + len(a.Community) + len(a.Village) + len(a.Hamlet) + len(a.Group) + len(a.Road) + len(a.Lane) +
		len(a.Number) + len(a.Compound) + len(a.Building) + len(a.Unit) + len(a.Room) + len(a.Extra) + 24)
	b.WriteString(a.Township)
	// A town's own community (大丰镇社区) already begins with the township.
	if a.Township != "" && strings.HasPrefix(a.Community, a.Township) && a.Community[len(a.Township):] == "社区" {
		b.WriteString("社区")
	} else {
		b.WriteString(a.Community)
	}
	b.WriteString(a.Village)
	if a.Hamlet != "" && strings.HasSuffix(a.Hamlet, "村") && !strings.HasSuffix(a.Hamlet, "自然村") {
		b.WriteString("委会") // 陈庄村委会王庄村: without it, one village 陈庄村王庄村
	}
	b.WriteString(a.Hamlet)
	if a.Group != "" {
		b.WriteString(a.Group)
		b.WriteString("组")
	}
	b.WriteString(a.Road)
	if a.Lane != "" {
		b.WriteString(a.Lane)
		b.WriteString("弄")
	}
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
