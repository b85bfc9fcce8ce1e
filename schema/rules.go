package schema

import (
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
)

// nameRE is the shape of every name in a file: app, environment, image,
// service, job, pipeline and topic names. Copilot uses the same rule, and it
// keeps every derived AWS name (stacks, repositories, log groups, DNS labels)
// legal without escaping.
var nameRE = lazyRegexp(`^[a-z][a-z0-9-]*$`)

// CheckName reports whether s is a valid name for a block of the given kind
// ("app", "environment", ...). The error says what to change.
func CheckName(kind, s string) error {
	if !nameRE().MatchString(s) {
		return fmt.Errorf("%s name %q must start with a lowercase letter and contain only lowercase letters, digits and hyphens (^[a-z][a-z0-9-]*$)", kind, s)
	}
	if strings.HasSuffix(s, "-") || strings.Contains(s, "--") {
		return fmt.Errorf("%s name %q must not end with a hyphen or contain two hyphens in a row, because it becomes part of DNS names and stack names", kind, s)
	}
	return nil
}

var accountRE = lazyRegexp(`^[0-9]{12}$`)

// CheckAccount reports whether s is a 12-digit AWS account ID.
func CheckAccount(s string) error {
	if !accountRE().MatchString(s) {
		return fmt.Errorf("account %q must be a 12-digit AWS account ID, written as a string (\"111111111111\") so that leading zeros survive", s)
	}
	return nil
}

var regionRE = lazyRegexp(`^[a-z]{2}(-gov|-iso[a-z]*)?-[a-z]+-[0-9]$`)

// CheckRegion reports whether s looks like an AWS region name such as
// us-east-1, ap-northeast-1 or us-gov-west-1. The list of regions grows, so
// the check is by shape, not by membership.
func CheckRegion(s string) error {
	if !regionRE().MatchString(s) {
		return fmt.Errorf("region %q is not an AWS region name; write it like \"us-east-1\" or \"ap-northeast-1\"", s)
	}
	return nil
}

// CheckPort reports whether p is a TCP port.
func CheckPort(p int) error {
	if p < 1 || p > 65535 {
		return fmt.Errorf("port %d is out of range; use a port between 1 and 65535", p)
	}
	return nil
}

// CheckRange reports whether v lies in [lo, hi]; what names the setting.
func CheckRange(what string, v, lo, hi int) error {
	if v < lo || v > hi {
		return fmt.Errorf("%s is %d; it must be between %d and %d", what, v, lo, hi)
	}
	return nil
}

// fargateSizes lists, per CPU units, the memory sizes (MiB) Fargate accepts,
// as the ECS task definition documentation lists them.
var fargateSizes = map[int][]int{
	256:   {512, 1024, 2048},
	512:   steps(1024, 4096, 1024),
	1024:  steps(2048, 8192, 1024),
	2048:  steps(4096, 16384, 1024),
	4096:  steps(8192, 30720, 1024),
	8192:  steps(16384, 61440, 4096),
	16384: steps(32768, 122880, 8192),
}

// appRunnerSizes lists the CPU/memory pairs App Runner accepts
// (request-driven web services): 0.25 vCPU with 0.5 or 1 GB, 0.5 vCPU with
// 1 GB, 1 vCPU with 2, 3 or 4 GB, 2 vCPU with 4 or 6 GB, 4 vCPU with 8, 10 or
// 12 GB.
var appRunnerSizes = map[int][]int{
	256:  {512, 1024},
	512:  {1024},
	1024: {2048, 3072, 4096},
	2048: {4096, 6144},
	4096: {8192, 10240, 12288},
}

func steps(from, to, step int) []int {
	var out []int
	for m := from; m <= to; m += step {
		out = append(out, m)
	}
	return out
}

// CheckFargateSize reports whether cpu units and memory MiB are a pair that
// Fargate accepts; the error lists the memory sizes valid for that CPU.
func CheckFargateSize(cpu, memory int) error {
	return checkSize("Fargate", fargateSizes, cpu, memory)
}

// CheckAppRunnerSize reports whether cpu units and memory MiB are a pair that
// App Runner accepts (request-driven web services).
func CheckAppRunnerSize(cpu, memory int) error {
	return checkSize("App Runner", appRunnerSizes, cpu, memory)
}

func checkSize(what string, table map[int][]int, cpu, memory int) error {
	mems, ok := table[cpu]
	if !ok {
		return fmt.Errorf("%s does not accept cpu = %d; use one of %s", what, cpu, joinInts(slices.Sorted(maps.Keys(table))))
	}
	if !slices.Contains(mems, memory) {
		return fmt.Errorf("%s does not accept memory = %d with cpu = %d; with that cpu use memory %s", what, memory, cpu, joinInts(mems))
	}
	return nil
}

func joinInts(xs []int) string {
	s := make([]string, len(xs))
	for i, x := range xs {
		s[i] = strconv.Itoa(x)
	}
	if len(s) > 8 {
		return s[0] + ", " + s[1] + ", … " + s[len(s)-1] + " (in steps of " + strconv.Itoa(xs[1]-xs[0]) + ")"
	}
	return strings.Join(s, ", ")
}
