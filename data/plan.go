package data

import _ "embed" // for the plan

// plan is the county plan as a scenario. It lives beside data/hutubi, not
// in it: data/hutubi holds exactly what the generator makes.
//
//go:embed plan.yaml
var plan []byte

// HutubiPlan returns the default scenario: 呼图壁县's plan for the
// quality-balanced evaluation (2022–2026) as a scenario file of package
// engine/scenario, named PlanName in messages.
func HutubiPlan() []byte { return append([]byte(nil), plan...) }

// PlanName is how messages name the embedded plan.
const PlanName = "(embedded)/plan.yaml"
