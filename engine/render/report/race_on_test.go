//go:build race

package report_test

// raceEnabled is true when the tests run under the race detector (go test
// -race), which slows them about five times.
const raceEnabled = true
