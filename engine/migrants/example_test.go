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
// migrants with a residence permit and 4 without.
func ExampleCheck() {
	res, err := engine.Run(context.Background(), county(12, 2), engine.RunOptions{Year: 2022, Config: config.Default()})
	if err != nil {
		fmt.Println(err)
		return
	}
	rep, err := migrants.Check(res)
	if err != nil {
		fmt.Println(err)
		return
	}
	e := rep.Eligible
	fmt.Printf("eligible %d: public %d, purchased %d, unplaced %d, share %.3f, meets %v\n",
		e.Children, e.Public, e.Purchased, e.Unplaced, *e.Share, e.Meets)
	fmt.Printf("without a permit %d: unplaced %d\n", rep.NoPermit.Children, rep.NoPermit.Unplaced)
	_ = migrants.Summary(os.Stdout, rep)
	// Output:
	// eligible 6: public 2, purchased 2, unplaced 2, share 0.667, meets false
	// without a permit 4: unplaced 4
	// 2022 年随迁子女入学核查（一年级、七年级新生）
	// 持居住证随迁子女 6 人：公办学校 2 人，政府购买民办学位 2 人，未安置 2 人；公办（含购买学位）比例 66.7%，标准 ≥85%，未达标。
	// 无居住证随迁子女（在持证者之后安排）4 人：已安置 0 人（公办 0，购买学位 0），未安置 4 人；不计入上述比例。
	// 残疾儿童少年新生 3 人：入学 2 人，未安置 1 人；入学率 66.7%，标准 ≥95%，未达标。
	//   片区学校学位已满，统筹安排：2 人
	//   全县无空余学位，未安置：6 人
}
