//go:build race

package simulate_test

// raceDetector is true when the tests run under the race detector (go test
// -race), which slows them about five times.
const raceDetector = true
