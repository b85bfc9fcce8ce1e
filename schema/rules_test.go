package schema

import (
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func TestCheckName(t *testing.T) {
	for name, tc := range map[string]struct {
		in string
		ok bool
	}{
		"simple":        {"api", true},
		"digits hyphen": {"api-v2", true},
		"uppercase":     {"Api", false},
		"underscore":    {"my_api", false},
		"leading digit": {"2api", false},
		"trailing dash": {"api-", false},
		"double dash":   {"a--b", false},
		"empty":         {"", false},
	} {
		t.Run(name, func(t *testing.T) {
			if err := CheckName("service", tc.in); (err == nil) != tc.ok {
				t.Errorf("CheckName(%q) = %v, want ok=%v", tc.in, err, tc.ok)
			}
		})
	}
}

func TestCheckAccountAndRegion(t *testing.T) {
	for name, tc := range map[string]struct {
		err error
		ok  bool
	}{
		"account":         {CheckAccount("123456789012"), true},
		"short account":   {CheckAccount("12345"), false},
		"letters account": {CheckAccount("12345678901a"), false},
		"region":          {CheckRegion("ap-northeast-1"), true},
		"gov region":      {CheckRegion("us-gov-west-1"), true},
		"bad region":      {CheckRegion("tokyo"), false},
		"no dash region":  {CheckRegion("us-east1"), false},
	} {
		t.Run(name, func(t *testing.T) {
			if (tc.err == nil) != tc.ok {
				t.Errorf("err = %v, want ok=%v", tc.err, tc.ok)
			}
		})
	}
}

func TestSizes(t *testing.T) {
	for name, tc := range map[string]struct {
		err error
		ok  bool
	}{
		"fargate 256/512":      {CheckFargateSize(256, 512), true},
		"fargate 256/4096":     {CheckFargateSize(256, 4096), false},
		"fargate 1024/8192":    {CheckFargateSize(1024, 8192), true},
		"fargate 4096/30720":   {CheckFargateSize(4096, 30720), true},
		"fargate 8192/20480":   {CheckFargateSize(8192, 20480), true},
		"fargate 8192/18432":   {CheckFargateSize(8192, 18432), false},
		"fargate 16384/122880": {CheckFargateSize(16384, 122880), true},
		"fargate cpu 300":      {CheckFargateSize(300, 512), false},
		"apprunner 1024/3072":  {CheckAppRunnerSize(1024, 3072), true},
		"apprunner 2048/8192":  {CheckAppRunnerSize(2048, 8192), false},
		"apprunner 4096/12288": {CheckAppRunnerSize(4096, 12288), true},
	} {
		t.Run(name, func(t *testing.T) {
			if (tc.err == nil) != tc.ok {
				t.Errorf("err = %v, want ok=%v", tc.err, tc.ok)
			}
		})
	}
}

func TestParseDuration(t *testing.T) {
	for name, tc := range map[string]struct {
		in   string
		want time.Duration
		ok   bool
	}{
		"seconds":  {"10s", 10 * time.Second, true},
		"minutes":  {"5m", 5 * time.Minute, true},
		"compound": {"1h30m", 90 * time.Minute, true},
		"days":     {"4d", 96 * time.Hour, true},
		"bare":     {"10", 0, false},
		"negative": {"-5s", 0, false},
		"words":    {"10 seconds", 0, false},
	} {
		t.Run(name, func(t *testing.T) {
			got, err := ParseDuration(tc.in)
			if (err == nil) != tc.ok || got != tc.want {
				t.Errorf("ParseDuration(%q) = %v, %v; want %v, ok=%v", tc.in, got, err, tc.want, tc.ok)
			}
		})
	}
}

func TestCIDR(t *testing.T) {
	vpc, err := ParseCIDR("10.0.0.0/16")
	if err != nil {
		t.Fatal(err)
	}
	for name, tc := range map[string]struct {
		subnet string
		err    string
	}{
		"inside":    {"10.0.1.0/24", ""},
		"outside":   {"10.1.0.0/24", "not inside"},
		"too large": {"10.0.0.0/8", "not inside"},
		"host bits": {"10.0.1.1/24", "host bits"},
		"ipv6":      {"fd00::/64", "IPv4"},
	} {
		t.Run(name, func(t *testing.T) {
			p, err := ParseCIDR(tc.subnet)
			if err == nil {
				err = CheckSubnet(vpc, p)
			}
			if tc.err == "" && err != nil || tc.err != "" && (err == nil || !strings.Contains(err.Error(), tc.err)) {
				t.Errorf("subnet %s: err = %v, want %q", tc.subnet, err, tc.err)
			}
		})
	}
}

func TestDerivedNames(t *testing.T) {
	long := strings.Repeat("a", 60)
	var failed []string
	for _, n := range append(EnvNames("shop", long), WorkloadNames("shop", "test", strings.Repeat("w", 120))...) {
		if n.Check() != nil {
			failed = append(failed, n.What)
		}
	}
	want := []string{"CloudFormation execution role", "environment manager role", "workload stack"}
	if diff := cmp.Diff(want, failed); diff != "" {
		t.Errorf("names too long (-want +got):\n%s", diff)
	}
}

func TestNormalizePlatform(t *testing.T) {
	for in, want := range map[string]string{"linux/x86_64": PlatformAMD64, "linux/amd64": PlatformAMD64, "linux/arm64": PlatformARM64, "": PlatformAMD64} {
		if got, ok := NormalizePlatform(in); !ok || got != want {
			t.Errorf("NormalizePlatform(%q) = %q, %v; want %q", in, got, ok, want)
		}
	}
	if _, ok := NormalizePlatform("windows/amd64"); ok {
		t.Error("windows/amd64 accepted")
	}
}
