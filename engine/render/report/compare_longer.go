package report

import (
	"math"
	"strconv"
	"strings"

	"github.com/hutubi-edu/zoning/engine/compare"
)

type longerView struct {
	Far       string // compare.FarTripM as people say it: 1 公里
	Proposals []proposalLonger
}

type proposalLonger struct {
	Plan   planHead
	Levels []levelLonger
}

type levelLonger struct {
	Name                string
	Moved, Longer, Far  int
	Rows                []longerRow
	Largest, LargestKey string // the largest lengthening and its place, "" when nobody goes farther
}

// longerRow is the entrants of one place who go farther from one school to
// another.
type longerRow struct {
	Name, Kind         string
	From, To           string
	N, Far             int
	OldMean, NewMean   string // metres
	MaxIncrease        string // metres
	FarClass, MaxClass string // bad where some go farther by more than compare.FarTripM
}

// farText is compare.FarTripM as people say it: 1 公里.
func farText() string { return compare.DistanceLabel(compare.FarTripM) }

// roundM writes metres rounded to the metre.
func roundM(m float64) string { return strconv.FormatFloat(math.Round(m), 'f', 0, 64) }

// longerData lists, per proposal and level, the moved entrants whose new
// school is farther from home than the old: how many, how many by more
// than compare.FarTripM, and per village, compound or street the largest
// lengthening first.
func (cv *compareView) longerData() (any, error) {
	out := longerView{Far: farText()}
	for _, p := range cv.props {
		pl := proposalLonger{Plan: p.head}
		for _, lt := range p.o.Change.Longer {
			lv := cv.level(string(lt.Level))
			if lv == nil {
				continue
			}
			ll := levelLonger{Name: lv.name, Moved: lt.Moved, Longer: lt.Longer, Far: lt.Far}
			for _, pl := range lt.Places {
				r := longerRow{Name: pl.Name + pl.GroupsText(), Kind: pl.Kind,
					From: cv.schoolName(pl.Old, pl.Level, noOldZone), To: cv.schoolName(pl.New, pl.Level, noNewZone),
					N: pl.Entrants, Far: pl.Far, OldMean: roundM(pl.OldMeanM), NewMean: roundM(pl.NewMeanM),
					MaxIncrease: roundM(pl.MaxIncreaseM)}
				if pl.Far > 0 {
					r.FarClass, r.MaxClass = "bad", "bad"
				}
				ll.Rows = append(ll.Rows, r)
			}
			if len(lt.Places) > 0 {
				pl := lt.Places[0]
				ll.LargestKey = pl.Name + pl.GroupsText()
				ll.Largest = roundM(pl.MaxIncreaseM)
			}
			pl.Levels = append(pl.Levels, ll)
		}
		out.Proposals = append(out.Proposals, pl)
	}
	return out, nil
}

// longerSentence says in one sentence who goes farther under a proposal:
// 改变学校后上学距离变远的新生：小学 129 人（其中远 1 公里以上 35 人；变远最多的是
// 城关镇粮食小区，最多远 1634 米，平均由 210 米增至 1844 米），初中 …; "" when
// nobody moves.
func (cv *compareView) longerSentence(ch *compare.Change) string {
	var parts []string
	moved := 0
	for _, lt := range ch.Longer {
		lv := cv.level(string(lt.Level))
		if lv == nil {
			continue
		}
		moved += lt.Moved
		if lt.Longer == 0 {
			parts = append(parts, lv.name+" 0 人")
			continue
		}
		s := lv.name + " " + strconv.Itoa(lt.Longer) + " 人（其中远 " + farText() + "以上 " + strconv.Itoa(lt.Far) + " 人"
		if len(lt.Places) > 0 {
			pl := lt.Places[0]
			s += "；变远最多的是" + pl.Name + pl.GroupsText() + "，最多远 " + roundM(pl.MaxIncreaseM) + " 米，平均由 " +
				roundM(pl.OldMeanM) + " 米增至 " + roundM(pl.NewMeanM) + " 米"
		}
		parts = append(parts, s+"）")
	}
	if moved == 0 {
		return ""
	}
	return "改变学校后上学距离变远的新生：" + strings.Join(parts, "，") + "。"
}
