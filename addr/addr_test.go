package addr

import "testing"

func TestParseRoundTrip(t *testing.T) {
	for name, a := range map[string]Address{
		"app":      App(),
		"region":   Region("ap-northeast-1"),
		"env":      Env("test"),
		"workload": Workload("api"),
		"deploy":   Deploy("test", "api"),
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
	} {
		t.Run(name, func(t *testing.T) {
			if _, err := Parse(s); err == nil {
				t.Fatalf("Parse(%q) succeeded, want an error", s)
			}
		})
	}
}

func TestLessOrdersByKindThenName(t *testing.T) {
	if !App().Less(Env("a")) || !Env("b").Less(Deploy("a", "a")) || !Env("a").Less(Env("b")) || Env("b").Less(Env("a")) {
		t.Fatal("Less does not order by kind, then name")
	}
}
