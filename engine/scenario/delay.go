package scenario

import (
	"fmt"
	"strconv"
	"strings"
)

// MaxDelayYears is the most years --delay moves an event, either way: the
// horizon of a simulation.
const MaxDelayYears = 30

// ParseDelay parses the EVENT=YEARS of --delay: an event id (not empty,
// spaces around it dropped) and a whole number of years from
// −MaxDelayYears to MaxDelayYears (later when positive), for Delay.
func ParseDelay(s string) (id string, years int, err error) {
	id, n, ok := strings.Cut(s, "=")
	id = strings.TrimSpace(id)
	years, perr := strconv.Atoi(strings.TrimSpace(n))
	if !ok || id == "" || perr != nil {
		return "", 0, fmt.Errorf("scenario: delay %q: want EVENT=YEARS, such as erzhong-relocate=2", s)
	}
	if years < -MaxDelayYears || years > MaxDelayYears {
		return "", 0, fmt.Errorf("scenario: delay %q: want YEARS from %d to %d", s, -MaxDelayYears, MaxDelayYears)
	}
	return id, years, nil
}
