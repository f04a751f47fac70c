package address

import (
	"math/rand/v2"
	"testing"
)

// benchInputs are typical household addresses: clean, noisy and village.
var benchInputs = []string{
	"呼图壁镇园林路18号锦华苑3栋2单元501室",
	"新疆昌吉州呼图壁县 呼图壁镇 园林路１８号 锦华苑三号楼二单元五〇一",
	"二十里店镇二十里店村五组23号",
	"呼图壁镇东风路12-3号",
}

func BenchmarkParse(b *testing.B) {
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		_ = Parse(benchInputs[i%len(benchInputs)])
	}
}

// BenchmarkParseCounty parses with the default county's gazetteer, as its
// dataset does.
func BenchmarkParseCounty(b *testing.B) {
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		_ = county.Parse(benchInputs[i%len(benchInputs)])
	}
}

// BenchmarkParseNormal measures Parse on input that is already normal, the
// case of a lookup with a stored address.
func BenchmarkParseNormal(b *testing.B) {
	s := benchInputs[0]
	b.ReportAllocs()
	for b.Loop() {
		_ = Parse(s)
	}
}

func BenchmarkNormalize(b *testing.B) {
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		_ = Normalize(benchInputs[i%len(benchInputs)])
	}
}

func BenchmarkKey(b *testing.B) {
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		_ = Parse(benchInputs[i%len(benchInputs)]).Key()
	}
}

// styleAddresses are n generated addresses of each style of styles_test.go.
func styleAddresses(n int) []string {
	r := rand.New(rand.NewPCG(1, 1))
	var out []string
	for i := range styles {
		for range n {
			s, _ := write(r, &styles[i], genSpec(r, &styles[i]), r.IntN(5) > 0)
			out = append(out, s)
		}
	}
	return out
}

// BenchmarkParseStyles parses addresses of the nine provinces' styles with
// the parser of the gazetteer inferred from them all (about 40 townships
// and their places), as another county's dataset is read.
func BenchmarkParseStyles(b *testing.B) {
	addrs := styleAddresses(200)
	p := NewParser(InferGazetteer(addrs))
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		_ = p.Parse(addrs[i%len(addrs)])
	}
}

// BenchmarkInferGazetteer reads the gazetteer of 9,000 addresses; the
// figure per address is ns/op divided by 9,000.
func BenchmarkInferGazetteer(b *testing.B) {
	addrs := styleAddresses(1000)
	b.ReportAllocs()
	for b.Loop() {
		_ = InferGazetteer(addrs)
	}
}
