package view

import (
	"bytes"
	"strings"
	"testing"

	"flightplan/addr"
	"flightplan/planner"
)

// TestPlanFiles checks how the text and markdown views show a static
// site's files: one line per file uploaded or removed, the count of
// unchanged ones, and the invalidation.
func TestPlanFiles(t *testing.T) {
	p := &planner.Plan{App: "shop", Changes: []*planner.Change{{
		Addr: addr.Deploy("dev", "www"), Address: "deploy/dev/www", Action: planner.Update, Account: "111111111111", Region: "us-east-1",
		Reasons: []string{"files: 1 to upload, 1 to replace, 1 to remove"},
		Files:   &planner.FilesChange{Added: []string{"new.html"}, Changed: []string{"index.html"}, Removed: []string{"old.css"}, Unchanged: 4, Invalidate: true},
	}}}
	var text, md bytes.Buffer
	if err := WritePlan(&text, p, false); err != nil {
		t.Fatal(err)
	}
	if err := WritePlanMarkdown(&md, p); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"~ files (4 unchanged)", "+ file new.html", "~ file index.html", "- file old.css", "~ invalidate the CloudFront cache (/*)"} {
		if !strings.Contains(text.String(), want) {
			t.Errorf("text view lacks %q:\n%s", want, text.String())
		}
		if line := want[2:]; !strings.Contains(md.String(), line) {
			t.Errorf("markdown view lacks %q:\n%s", want, md.String())
		}
	}
}
