package cli

import (
	"io"
	"os"
	"regexp"
	"strings"
	"testing"
)

// TestCommandsDocExamples checks that every example command line in
// docs/commands.md names a real command and only flags it accepts, and that
// every command has a section there.
func TestCommandsDocExamples(t *testing.T) {
	doc, err := os.ReadFile("../../docs/commands.md") // the repository's docs, from internal/cli
	if err != nil {
		t.Fatal(err)
	}
	// Every flightplan command line shown in a sh block of these pages
	// parses with the command's real flags.
	for _, page := range []string{"docs/commands.md", "docs/ci.md", "README.md"} {
		text, err := os.ReadFile("../../" + page)
		if err != nil {
			t.Fatal(err)
		}
		lines := exampleLines(strings.ReplaceAll(string(text), "bin/flightplan ", "flightplan "))
		if len(lines) == 0 {
			t.Fatalf("no example command lines found in %s", page)
		}
		for _, line := range lines {
			t.Run(page+"/"+line, func(t *testing.T) { checkExample(t, line) })
		}
	}
	for _, c := range commands() {
		if !strings.Contains(string(doc), "\n## "+c.name+"\n") {
			t.Errorf("docs/commands.md has no section for command %q", c.name)
		}
	}
}

var shBlock = regexp.MustCompile("(?s)```sh\n(.*?)```")

func exampleLines(doc string) []string {
	var out []string
	for _, m := range shBlock.FindAllStringSubmatch(doc, -1) {
		for _, l := range strings.Split(m[1], "\n") {
			for _, part := range strings.Split(l, "|") {
				part = strings.TrimSpace(part)
				if i := strings.IndexAny(part, "#>"); i >= 0 {
					part = strings.TrimSpace(part[:i])
				}
				if strings.HasPrefix(part, "flightplan ") {
					out = append(out, part)
				}
			}
		}
	}
	return out
}

func checkExample(t *testing.T, line string) {
	args := strings.Fields(line)[1:]
	var g globals
	gfs := g.flags()
	gfs.SetInterspersed(false)
	gfs.SetOutput(io.Discard)
	if err := gfs.Parse(singleDashLongFlags(gfs, args)); err != nil {
		t.Fatalf("global flags: %v", err)
	}
	rest := gfs.Args()
	if len(rest) == 0 {
		t.Fatal("no command")
	}
	cmd := findCommand(rest[0])
	if cmd == nil {
		t.Fatalf("unknown command %q", rest[0])
	}
	fs, _ := cmd.flagSet()
	fs.AddFlagSet(gfs)
	if err := fs.Parse(singleDashLongFlags(fs, rest[1:])); err != nil {
		t.Fatalf("%s: %v", cmd.name, err)
	}
}
