package notice

import (
	"strings"
	"testing"
)

func TestDocumentFeeders(t *testing.T) {
	doc := Document{
		Title: "某县2026年义务教育招生片区",
		Plans: []Plan{
			{Level: "primary", Zones: []Zone{
				{SchoolID: "p1", SchoolName: "第一小学", Communities: []string{"幸福社区"}},
				{SchoolID: "p2", SchoolName: "第二小学", Communities: []string{"团结社区"}},
				{SchoolID: "p3", SchoolName: "第三小学", Communities: []string{"团结社区"}},
				{SchoolID: "p4", SchoolName: "第四小学", Communities: []string{"和平社区"}},
			}},
			{Level: "junior", Zones: []Zone{{SchoolID: "j1", SchoolName: "第一中学", Communities: []string{"幸福社区"}}}},
		},
		Groups:  Groups{"primary": {"p2": "Z1", "p3": "Z1"}},
		Feeders: Feeders{"p1": "第一中学", "p2": "第二中学", "p3": "第三中学", "j1": "不该出现"},
	}
	var b strings.Builder
	if err := doc.WriteText(&b); err != nil {
		t.Fatal(err)
	}
	got := b.String()
	for _, want := range []string{
		"（一）第一小学：幸福社区全部。对口初中：第一中学。\n",
		// A multi-school zone: its first school's junior school.
		"（二）第二小学、第三小学（多校划片）：团结社区全部。对口初中：第二中学。\n",
		// No feeder: the paragraph as it was.
		"（三）第四小学：和平社区全部。\n",
		// Junior zones feed nothing.
		"（一）第一中学：幸福社区全部。\n",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("notice lacks %q:\n%s", want, got)
		}
	}
	if strings.Contains(got, "不该出现") {
		t.Errorf("a junior zone got a feeder:\n%s", got)
	}
}
