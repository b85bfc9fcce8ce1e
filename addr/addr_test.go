package addr

import (
	"cmp"
	"encoding/json"
	"strings"
	"testing"
)

func TestParseRoundTrip(t *testing.T) {
	for name, a := range map[string]Address{
		"app":      App(),
		"app dns":  AppDNS(),
		"zone":     Zone("test"),
		"dns":      DNS("test"),
		"dns app":  DNS("app"),
		"cert":     Cert("test"),
		"region":   Region("ap-northeast-1"),
		"env":      Env("test"),
		"workload": Workload("api"),
		"deploy":   Deploy("test", "api"),
		"alias":    Alias("test", "api"),
		"pipeline": Pipeline("release"),
		"image":    Image("app"),
	} {
		t.Run(name, func(t *testing.T) {
			got, err := Parse(a.String())
			if err != nil {
				t.Fatal(err)
			}
			if got != a {
				t.Fatalf("Parse(%q) = %#v, want %#v", a.String(), got, a)
			}
			b, err := json.Marshal(a)
			if err != nil || string(b) != `"`+a.String()+`"` {
				t.Fatalf("json.Marshal = %s, %v; want the string %q", b, err, a.String())
			}
			var decoded Address
			if err := json.Unmarshal(b, &decoded); err != nil || decoded != a {
				t.Fatalf("json.Unmarshal(%s) = %#v, %v; want %#v", b, decoded, err, a)
			}
		})
	}
}

func TestParseErrors(t *testing.T) {
	for name, s := range map[string]string{
		"empty":        "",
		"unknown kind": "stack/x",
		"missing name": "env/",
		"deploy short": "deploy/test",
		"too long":     "env/a/b",
		"app/dns long": "app/dns/x",
		"zone short":   "zone",
	} {
		t.Run(name, func(t *testing.T) {
			if _, err := Parse(s); err == nil {
				t.Fatalf("Parse(%q) succeeded, want an error", s)
			}
		})
	}
}

func TestLessPutsDNSBetweenAppAndEnvironments(t *testing.T) {
	order := []Address{App(), AppDNS(), Region("us-east-1"), Zone("a"), DNS("a"), Cert("a"), Env("a")}
	for i := 1; i < len(order); i++ {
		if !order[i-1].Less(order[i]) || order[i].Less(order[i-1]) {
			t.Errorf("%s does not sort before %s", order[i-1], order[i])
		}
	}
}

func TestLessOrdersByKindThenName(t *testing.T) {
	if !App().Less(Env("a")) || !Env("b").Less(Deploy("a", "a")) || !Env("a").Less(Env("b")) || Env("b").Less(Env("a")) {
		t.Fatal("Less does not order by kind, then name")
	}
}

func TestJSONErrors(t *testing.T) {
	if _, err := json.Marshal(Address{}); err == nil || !strings.Contains(err.Error(), "cannot encode the zero address") {
		t.Errorf("zero address: err = %v", err)
	}
	var a Address
	if err := json.Unmarshal([]byte(`"deploy/x"`), &a); err == nil || !strings.Contains(err.Error(), `invalid address "deploy/x"`) {
		t.Errorf("bad address: err = %v", err)
	}
}

// TestCompareIsTextOrder: Compare, which does not write the texts, orders
// as comparing kinds' ranks and then String's texts does, on every pair of
// addresses of every kind with names that are prefixes of one another and
// hold characters before and after the slash.
func TestCompareIsTextOrder(t *testing.T) {
	names := []string{"", "a", "a-b", "a.b", "a/b", "a0", "ab", "b", "app", "region"}
	var all []Address
	for _, x := range names {
		all = append(all, App(), AppDNS(), Region(x), Zone(x), DNS(x), Cert(x), Env(x), Workload(x),
			Pipeline(x), Image(x), Address{Kind: "other", Name: x})
		for _, y := range names {
			all = append(all, Deploy(x, y), Alias(x, y), Address{Kind: KindRegion, Region: x, Env: y})
		}
	}
	for _, a := range all {
		for _, b := range all {
			want := cmp.Compare(kindRank[a.Kind], kindRank[b.Kind])
			if want == 0 {
				want = strings.Compare(a.String(), b.String())
			}
			if got := Compare(a, b); got != want {
				t.Errorf("Compare(%#v, %#v) = %d, want %d", a, b, got, want)
			}
			if got := a.Less(b); got != (want < 0) {
				t.Errorf("%#v.Less(%#v) = %v", a, b, got)
			}
		}
	}
}
