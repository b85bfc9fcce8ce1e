package schema

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// ConvertSchedule turns a job's schedule as written in a file into the form
// EventBridge accepts, the way Copilot does:
//
//   - "@hourly", "@daily" (or "@midnight"), "@weekly", "@monthly", "@yearly"
//     (or "@annually") become fixed cron() expressions;
//   - "@every 90m" becomes "rate(90 minutes)" (whole minutes only; a whole
//     number of hours or days is written in hours or days);
//   - a five-field cron "m h dom mon dow" becomes "cron(m h dom mon dow *)"
//     with "?" in day-of-month or day-of-week (AWS requires one of them) and
//     day-of-week numbers moved from 0=Sunday to AWS's 1=SUN;
//   - "rate(...)" and "cron(...)" pass through after a sanity check;
//   - "none" gives an empty expression (the job only runs when invoked).
func ConvertSchedule(s string) (Schedule, error) {
	expr, err := convertSchedule(strings.TrimSpace(s))
	return Schedule{Source: s, Expression: expr}, err
}

var predefinedSchedules = map[string]string{
	"@hourly":   "cron(0 * * * ? *)",
	"@daily":    "cron(0 0 * * ? *)",
	"@midnight": "cron(0 0 * * ? *)",
	"@weekly":   "cron(0 0 ? * 1 *)",
	"@monthly":  "cron(0 0 1 * ? *)",
	"@yearly":   "cron(0 0 1 1 ? *)",
	"@annually": "cron(0 0 1 1 ? *)",
}

func convertSchedule(s string) (string, error) {
	if expr, ok := predefinedSchedules[s]; ok {
		return expr, nil
	}
	switch {
	case s == "none":
		return "", nil
	case strings.HasPrefix(s, "@every "):
		return everyToRate(strings.TrimSpace(strings.TrimPrefix(s, "@every ")))
	case strings.HasPrefix(s, "rate("):
		return s, checkRate(s)
	case strings.HasPrefix(s, "cron("):
		return s, checkAWSCron(s)
	case strings.HasPrefix(s, "@"):
		return "", fmt.Errorf("unknown schedule %q; use @hourly, @daily, @weekly, @monthly, @yearly or \"@every DURATION\"", s)
	}
	return cronToAWS(s)
}

func everyToRate(d string) (string, error) {
	dur, err := ParseDuration(d)
	if err != nil {
		return "", fmt.Errorf("schedule \"@every %s\": %w", d, err)
	}
	if dur < time.Minute || dur%time.Minute != 0 {
		return "", fmt.Errorf("schedule \"@every %s\": the interval must be a whole number of minutes, at least 1m", d)
	}
	mins := int(dur / time.Minute)
	switch {
	case mins%(24*60) == 0:
		return rate(mins/(24*60), "day"), nil
	case mins%60 == 0:
		return rate(mins/60, "hour"), nil
	}
	return rate(mins, "minute"), nil
}

func rate(n int, unit string) string {
	if n != 1 {
		unit += "s"
	}
	return fmt.Sprintf("rate(%d %s)", n, unit)
}

var rateRE = lazyRegexp(`^rate\(([1-9][0-9]*) (minute|minutes|hour|hours|day|days)\)$`)

func checkRate(s string) error {
	m := rateRE().FindStringSubmatch(s)
	if m == nil {
		return fmt.Errorf("schedule %q is not a valid rate expression; write it like \"rate(5 minutes)\" or \"rate(1 hour)\"", s)
	}
	singular := !strings.HasSuffix(m[2], "s")
	if (m[1] == "1") != singular {
		return fmt.Errorf("schedule %q: AWS requires the singular unit for 1 and the plural otherwise, as in \"rate(1 hour)\" and \"rate(2 hours)\"", s)
	}
	return nil
}

func checkAWSCron(s string) error {
	if !strings.HasSuffix(s, ")") {
		return fmt.Errorf("schedule %q is missing its closing parenthesis", s)
	}
	fields := strings.Fields(s[len("cron(") : len(s)-1])
	if len(fields) != 6 {
		return fmt.Errorf("schedule %q: an AWS cron expression has six fields (minutes hours day-of-month month day-of-week year), this has %d", s, len(fields))
	}
	if fields[2] != "?" && fields[4] != "?" {
		return fmt.Errorf("schedule %q: AWS requires \"?\" in either day-of-month or day-of-week", s)
	}
	return nil
}

// cronField describes one field of a standard five-field cron expression.
type cronField struct {
	name     string
	min, max int
	names    bool // accepts three-letter names (months, weekdays)
}

var cronFields = []cronField{
	{"minute", 0, 59, false},
	{"hour", 0, 23, false},
	{"day-of-month", 1, 31, false},
	{"month", 1, 12, true},
	{"day-of-week", 0, 7, true},
}

func cronToAWS(s string) (string, error) {
	f := strings.Fields(s)
	if len(f) != 5 {
		return "", fmt.Errorf("schedule %q is not recognised; use a five-field cron expression (\"0 9 * * 1-5\"), @daily and friends, \"@every 30m\", rate(...), cron(...) or \"none\"", s)
	}
	for i, field := range f {
		if err := checkCronField(cronFields[i], field); err != nil {
			return "", fmt.Errorf("schedule %q: %w", s, err)
		}
	}
	dom, dow := f[2], f[4]
	switch {
	case dow == "*" || dow == "?":
		dow = "?"
	case dom == "*" || dom == "?":
		dom = "?"
	default:
		return "", fmt.Errorf("schedule %q: AWS cannot combine a day of the month with a day of the week; set one of them to \"*\"", s)
	}
	if dow != "?" {
		dow = shiftWeekdays(dow)
	}
	return fmt.Sprintf("cron(%s %s %s %s %s *)", f[0], f[1], dom, f[3], dow), nil
}

var cronTokenRE = lazyRegexp(`^(\*|\?|[0-9A-Za-z]+(-[0-9A-Za-z]+)?)(/[0-9]+)?$`)

func checkCronField(cf cronField, field string) error {
	for _, tok := range strings.Split(field, ",") {
		m := cronTokenRE().FindStringSubmatch(tok)
		if m == nil {
			return fmt.Errorf("%s field %q is not valid", cf.name, field)
		}
		base := m[1]
		if base == "*" || base == "?" {
			continue
		}
		for _, part := range strings.Split(base, "-") {
			if err := checkCronValue(cf, part); err != nil {
				return err
			}
		}
	}
	return nil
}

func checkCronValue(cf cronField, v string) error {
	n, err := strconv.Atoi(v)
	if err != nil {
		if cf.names && len(v) == 3 {
			return nil
		}
		return fmt.Errorf("%s value %q is not a number", cf.name, v)
	}
	if n < cf.min || n > cf.max {
		return fmt.Errorf("%s value %d is out of range %d-%d", cf.name, n, cf.min, cf.max)
	}
	return nil
}

// shiftWeekdays moves numeric weekdays from cron's 0=Sunday (7 also Sunday)
// to AWS's 1=SUN .. 7=SAT; names pass through.
func shiftWeekdays(field string) string {
	toks := strings.Split(field, ",")
	for i, tok := range toks {
		base, step, _ := strings.Cut(tok, "/")
		parts := strings.Split(base, "-")
		for j, p := range parts {
			if n, err := strconv.Atoi(p); err == nil {
				parts[j] = strconv.Itoa(n%7 + 1)
			}
		}
		toks[i] = strings.Join(parts, "-")
		if step != "" {
			toks[i] += "/" + step
		}
	}
	return strings.Join(toks, ",")
}
