package migrants_test

import (
	"context"
	"fmt"
	"os"

	"github.com/hutubi-edu/zoning/engine"
	"github.com/hutubi-edu/zoning/engine/config"
	"github.com/hutubi-edu/zoning/engine/migrants"
)

// Check a run: 12 public and 2 private places for 10 local entrants, 6
// migrants with a residence permit and 4 without; and in grade 5, 3
// permit holders at the public school and 2 at the private school, their
// families' choice (pupilCounty). The share of docs/policy.md counts all 11
// permit holders: 2 + 3 public, 2 purchased places, 7/11.
func ExampleCheck() {
	res, err := engine.Run(context.Background(), pupilCounty(), engine.RunOptions{Year: 2022, Config: config.Default()})
	if err != nil {
		fmt.Println(err)
		return
	}
	rep, err := migrants.Check(res)
	if err != nil {
		fmt.Println(err)
		return
	}
	m, e := rep.Migrants, rep.Eligible
	fmt.Printf("pupils %d: public %d, purchased %d, chosen %d, at no school %d, share %.3f, meets %v\n",
		m.Children, m.Public, m.Purchased, m.Chosen, m.Unplaced, *m.Share, m.Meets)
	fmt.Printf("of them entrants %d: public %d, purchased %d, unplaced %d, share %.3f\n",
		e.Children, e.Public, e.Purchased, e.Unplaced, *e.Share)
	_ = migrants.Summary(os.Stdout, rep)
	// Output:
	// pupils 11: public 5, purchased 2, chosen 2, at no school 2, share 0.636, meets false
	// of them entrants 6: public 2, purchased 2, unplaced 2, share 0.667
	// 2022 年随迁子女和残疾儿童少年入学核查
	// 持居住证随迁子女（一至九年级在校生）11 人：公办学校 5 人，政府购买民办学位 2 人，自主选择民办学校 2 人，未入学 2 人；在公办学校（含政府购买学位）就读比例 63.6%，标准 ≥85%，未达标。
	//   其中一年级、七年级新生 6 人：公办学校 2 人，政府购买民办学位 2 人，自主选择民办学校 0 人，未安置 2 人；新生中在公办学校（含政府购买学位）就读占 66.7%。
	// 无居住证随迁子女新生（在持证者之后安排）4 人：已安置 0 人（公办 0，购买学位 0，自主选择民办 0），未安置 4 人；不计入上述比例。
	// 残疾儿童少年（一至九年级）4 人：入学 3 人，未入学 1 人；入学率 75.0%，标准 ≥95%，未达标。
	//   其中一年级、七年级新生 3 人：入学 2 人，未安置 1 人。
	//   新生片区学校学位已满，统筹安排：2 人
	//   新生全县无空余学位，未安置：6 人
}
