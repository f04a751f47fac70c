package compare

import (
	"strconv"
	"strings"

	"github.com/hutubi-edu/zoning/engine/dataset"
)

// ZoneIDs writes a zone's school ids joined by "+", "" for none.
func (c *Comparison) ZoneIDs(z Zone) string {
	ids := make([]string, len(z))
	for k, j := range z {
		ids[k] = c.Dataset.Schools[j].ID
	}
	return strings.Join(ids, "+")
}

// ZoneName writes a zone of a level by its schools' sections
// (SectionName) joined by 、, "（无片区）" for none.
func (c *Comparison) ZoneName(l dataset.Level, z Zone) string {
	if len(z) == 0 {
		return "（无片区）"
	}
	names := make([]string, len(z))
	for k, j := range z {
		names[k] = SectionName(&c.Dataset.Schools[j], l)
	}
	return strings.Join(names, "、")
}

// CountyName is a dataset's name up to a space or parenthesis, as the
// bureau's pages write it: "平原县 (synthetic)" → 平原县.
func CountyName(name string) string {
	name = strings.TrimSpace(name)
	if i := strings.IndexAny(name, " (（"); i >= 0 {
		return name[:i]
	}
	return name
}

// GroupsText writes the village groups (村民小组) that move as the notice
// writes them, runs of consecutive groups as ranges: 1—3、5组; "" when
// the place is not a village or names no groups.
func (p PlaceChange) GroupsText() string {
	groups := p.Groups
	if len(groups) == 0 {
		return ""
	}
	var b strings.Builder
	for i := 0; i < len(groups); {
		j := i
		for j+1 < len(groups) && groups[j+1] == groups[j]+1 {
			j++
		}
		if i > 0 {
			b.WriteString("、")
		}
		b.WriteString(strconv.Itoa(groups[i]))
		if j > i {
			b.WriteString("—")
			b.WriteString(strconv.Itoa(groups[j]))
		}
		i = j + 1
	}
	b.WriteString("组")
	return b.String()
}

// DistanceLabel writes a distance in metres (a service radius, FarTripM)
// as people say it: 1 公里, 1.5 公里, 500 米.
func DistanceLabel(m float64) string {
	if m >= 1000 {
		return strconv.FormatFloat(m/1000, 'f', -1, 64) + " 公里"
	}
	return strconv.FormatFloat(m, 'f', 0, 64) + " 米"
}

// RadiusText writes metres as people say them, without spaces: 1公里, 500米.
func RadiusText(m float64) string { return strings.ReplaceAll(DistanceLabel(m), " ", "") }
