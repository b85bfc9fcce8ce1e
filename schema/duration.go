package schema

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// ParseDuration reads a duration as written in a file: Go's syntax ("10s",
// "5m", "1h30m", "300ms") plus whole days ("4d"). Negative durations are
// refused. A bare number is refused too, because its unit would be a guess.
func ParseDuration(s string) (time.Duration, error) {
	if days, ok := strings.CutSuffix(s, "d"); ok {
		n, err := strconv.Atoi(days)
		if err != nil || n < 0 {
			return 0, fmt.Errorf("invalid duration %q; write whole days as \"4d\"", s)
		}
		return time.Duration(n) * 24 * time.Hour, nil
	}
	d, err := time.ParseDuration(s)
	if err != nil {
		return 0, fmt.Errorf("invalid duration %q; write a number with a unit, such as \"30s\", \"5m\", \"1h\" or \"4d\"", s)
	}
	if d < 0 {
		return 0, fmt.Errorf("invalid duration %q; it must not be negative", s)
	}
	return d, nil
}

// CheckDuration reports whether d lies in [lo, hi]; what names the setting.
func CheckDuration(what string, d, lo, hi time.Duration) error {
	if d < lo || d > hi {
		return fmt.Errorf("%s is %s; it must be between %s and %s", what, FormatDuration(d), FormatDuration(lo), FormatDuration(hi))
	}
	return nil
}

// FormatDuration writes d the way a user would: "90s" as "1m30s", whole
// units without trailing zeros ("5m", "1h").
func FormatDuration(d time.Duration) string {
	s := d.String()
	if strings.HasSuffix(s, "m0s") {
		s = strings.TrimSuffix(s, "0s")
	}
	if strings.HasSuffix(s, "h0m") {
		s = strings.TrimSuffix(s, "0m")
	}
	return s
}
