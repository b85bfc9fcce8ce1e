package view

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"flightplan/addr"
	"flightplan/drift"
	"flightplan/drift/drifttest"
)

// driftReport runs drift detection on a simulated application.
func driftReport(t *testing.T, a *drifttest.App) *drift.Report {
	t.Helper()
	r, err := drift.Detect(context.Background(), a.Desired, a.Provider, drifttest.Options())
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// TestDriftGoldens renders reports of the simulator: one with every kind of
// drift injected (see drifttest.Drifted), and a clean application.
func TestDriftGoldens(t *testing.T) {
	reports := map[string]*drift.Report{
		"every_kind": driftReport(t, drifttest.Drifted(t)),
		"clean":      driftReport(t, drifttest.Clean(t, drifttest.Spec())),
	}
	for name, r := range reports {
		t.Run(name, func(t *testing.T) {
			for _, f := range []struct {
				ext   string
				write func(*bytes.Buffer) error
			}{
				{"txt", func(b *bytes.Buffer) error { return WriteDrift(b, r, false) }},
				{"json", func(b *bytes.Buffer) error { return WriteDriftJSON(b, r) }},
				{"md", func(b *bytes.Buffer) error { return WriteDriftMarkdown(b, r) }},
			} {
				var b bytes.Buffer
				if err := f.write(&b); err != nil {
					t.Fatal(err)
				}
				golden(t, "drift_"+name+"."+f.ext, b.Bytes())
			}
		})
	}
}

func TestDriftCleanLine(t *testing.T) {
	r := driftReport(t, drifttest.Clean(t, drifttest.Spec()))
	var b bytes.Buffer
	if err := WriteDrift(&b, r, false); err != nil {
		t.Fatal(err)
	}
	if want := "No drift: 10 stacks and 6 documents match.\n"; b.String() != want {
		t.Errorf("got %q, want %q", b.String(), want)
	}
}

// TestDriftCleanLineOneStack: one stack and no documents are still two
// subjects, so the verb stays plural.
func TestDriftCleanLineOneStack(t *testing.T) {
	got := cleanText(&drift.Report{Counts: drift.Counts{Stacks: 1}})
	if want := "No drift: 1 stack and 0 documents match."; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

// syntheticReport has a secret in a drifted value, a long value, a value
// added in AWS, a check that failed and a note.
func syntheticReport() *drift.Report {
	at := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	a := addr.Deploy("test", "api")
	base := drift.Finding{Addr: a, Address: a.String(), Kind: drift.ResourceModified, Account: "222222222222", Region: "eu-west-1",
		Stack: "demo-test-api", LogicalID: "TaskDefinition", ResourceType: "AWS::ECS::TaskDefinition",
		Detail: "resource TaskDefinition (AWS::ECS::TaskDefinition) of stack demo-test-api was changed outside CloudFormation", Fix: "set it back"}
	secret, long, added := base, base, base
	secret.Path, secret.Expected, secret.Actual, secret.Difference = "Properties.Environment[0].Value", "pw=hunter2", "pw=other", "NOT_EQUAL"
	long.Path, long.Difference = "Properties.Command", "NOT_EQUAL"
	long.Expected = []any{"bundle", "exec", "rake", "app:daily_batch", "--verbose", "--with-a-rather-long-flag"}
	long.Actual = []any{"bundle", "exec", "rake", "app:daily_batch"}
	added.Path, added.Actual, added.Difference = "Properties.Cpu", "512", "ADD"
	return &drift.Report{FormatVersion: drift.FormatVersion, App: "demo", CheckedAt: at,
		Findings:  []*drift.Finding{&long, &added, &secret},
		Counts:    drift.Counts{Stacks: 1, Documents: 0, Nodes: 1, Findings: 3, ByKind: map[drift.Kind]int{drift.ResourceModified: 3}},
		Errors:    []*drift.Problem{{Address: "deploy/test/web", Message: "drift detection of stack demo-test-web did not finish within 10m0s"}},
		Notes:     []string{"stack demo-test-batch (deploy/test/batch) is UPDATE_IN_PROGRESS: not checked for drift; run again once it settles"},
		Sensitive: []string{"hunter2"}}
}

func TestDriftSynthetic(t *testing.T) {
	r := syntheticReport()
	for _, f := range []struct {
		name  string
		write func(*bytes.Buffer) error
	}{
		{"drift_synthetic.txt", func(b *bytes.Buffer) error { return WriteDrift(b, r, false) }},
		{"drift_synthetic_color.txt", func(b *bytes.Buffer) error { return WriteDrift(b, r, true) }},
		{"drift_synthetic.json", func(b *bytes.Buffer) error { return WriteDriftJSON(b, r) }},
		{"drift_synthetic.md", func(b *bytes.Buffer) error { return WriteDriftMarkdown(b, r) }},
	} {
		t.Run(f.name, func(t *testing.T) {
			var b bytes.Buffer
			if err := f.write(&b); err != nil {
				t.Fatal(err)
			}
			if strings.Contains(b.String(), "hunter2") {
				t.Errorf("%s shows a sensitive value", f.name)
			}
			golden(t, f.name, b.Bytes())
		})
	}
}

func TestDriftIncompleteButClean(t *testing.T) {
	r := syntheticReport()
	r.Findings, r.Counts.Findings, r.Counts.Nodes, r.Counts.ByKind, r.Notes = nil, 0, 0, nil, nil
	var b bytes.Buffer
	if err := WriteDrift(&b, r, false); err != nil {
		t.Fatal(err)
	}
	want := "Could not check:\n  - deploy/test/web: drift detection of stack demo-test-web did not finish within 10m0s\n\n" +
		"No drift found, but 1 check could not be made: the check is incomplete.\n"
	if b.String() != want {
		t.Errorf("got:\n%s\nwant:\n%s", b.String(), want)
	}
}

// The JSON encoding keeps its documented top-level fields.
func TestDriftJSONFields(t *testing.T) {
	var b bytes.Buffer
	if err := WriteDriftJSON(&b, syntheticReport()); err != nil {
		t.Fatal(err)
	}
	var doc map[string]any
	if err := json.Unmarshal(b.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"format_version", "tool_version", "app", "checked_at", "findings", "counts", "errors", "notes"} {
		if _, ok := doc[k]; !ok {
			t.Errorf("field %q missing", k)
		}
	}
	if doc["format_version"] != "1" {
		t.Errorf("format_version = %v", doc["format_version"])
	}
}

func TestDriftWriter(t *testing.T) {
	r := syntheticReport()
	for name, c := range map[string]struct {
		format string
		start  string
		ok     bool
	}{
		"text":     {"text", "Drift in application demo", true},
		"json":     {"json", "{", true},
		"markdown": {"markdown", "### flightplan drift", true},
		"md":       {"md", "### flightplan drift", true},
		"unknown":  {"yaml", "", false},
	} {
		t.Run(name, func(t *testing.T) {
			write, ok := DriftWriter(c.format, false)
			if ok != c.ok {
				t.Fatalf("ok = %v, want %v", ok, c.ok)
			}
			if !ok {
				return
			}
			var b bytes.Buffer
			if err := write(&b, r); err != nil {
				t.Fatal(err)
			}
			if !strings.HasPrefix(b.String(), c.start) {
				t.Errorf("output starts %q, want %q", b.String()[:min(40, b.Len())], c.start)
			}
		})
	}
}
