package notice

// Feeders maps a primary school's id to the name of the junior school it
// feeds (对口初中), for Document.Feeders.
type Feeders map[string]string

// FeederPrefix introduces a primary zone's junior school in the notice.
const FeederPrefix = "对口初中："

// feederText is the sentence a primary zone's paragraph ends with:
// "对口初中：平原县第一中学。", the junior school of the paragraph's first
// school; "" for a junior zone or a school without one.
func (d Document) feederText(level string, p Paragraph) string {
	if level != "primary" || len(p.Schools) == 0 {
		return ""
	}
	name := d.Feeders[p.Schools[0]]
	if name == "" {
		return ""
	}
	return FeederPrefix + name + "。"
}
