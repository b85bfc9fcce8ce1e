package lang

import (
	"bytes"
	"runtime"
	"sync"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
)

// splitParseMin is the size from which a native file is parsed in parts,
// one per core: below it, parsing takes less than starting the parts.
const splitParseMin = 32 << 10

// parseWorkers is how many parts a large file is parsed in at once.
// Tests change it.
var parseWorkers = runtime.GOMAXPROCS

// parseNative checks the nesting of native syntax source and parses it.
// A large file is cut where top-level items start (nestingScan) and the
// parts are parsed at once, each from its place in the file, then their
// bodies joined: the body the whole file's parse gives. When a part has
// any diagnostic, or two parts set one top-level attribute, the whole file
// is parsed instead, so that the diagnostics are the parser's own.
func parseNative(src []byte, path string) (hcl.Body, hcl.Diagnostics) {
	every := 0
	if workers := parseWorkers(0); workers > 1 && len(src) >= splitParseMin {
		every = len(src)/workers + 1
	}
	bound, ok, splits := nestingScan(src, MaxNesting, every)
	if !ok || bound > MaxNesting {
		tokens, _ := hclsyntax.LexConfig(src, path, hcl.InitialPos)
		if diags := checkTokenNesting(tokens); diags != nil {
			return nil, diags
		}
		splits = nil
	}
	if len(splits) > 0 {
		if body := parseParts(src, path, splits); body != nil {
			return body, nil
		}
	}
	f, diags := hclsyntax.ParseConfig(src, path, hcl.InitialPos)
	if f == nil {
		return nil, diags
	}
	return f.Body, diags
}

// parseParts parses src cut at splits, each part on a goroutine of its
// own, and joins the parts' bodies; nil when a part had a diagnostic or
// the parts cannot be joined.
func parseParts(src []byte, path string, splits []int) *hclsyntax.Body {
	starts := append([]int{0}, splits...)
	bodies := make([]*hclsyntax.Body, len(starts))
	failed := make([]bool, len(starts))
	var wg sync.WaitGroup
	for i, start := range starts {
		end := len(src)
		if i+1 < len(starts) {
			end = starts[i+1]
		}
		pos := hcl.InitialPos
		if start > 0 {
			pos = hcl.Pos{Line: 1 + bytes.Count(src[:start], []byte("\n")), Column: 1, Byte: start}
		}
		wg.Go(func() {
			f, diags := hclsyntax.ParseConfig(src[start:end], path, pos)
			if len(diags) > 0 || f == nil {
				failed[i] = true
				return
			}
			bodies[i], _ = f.Body.(*hclsyntax.Body)
			failed[i] = bodies[i] == nil
		})
	}
	wg.Wait()
	joined := &hclsyntax.Body{Attributes: hclsyntax.Attributes{}}
	for i, b := range bodies {
		if failed[i] {
			return nil
		}
		for name, a := range b.Attributes {
			if joined.Attributes[name] != nil {
				return nil // the whole file's parse reports it
			}
			joined.Attributes[name] = a
		}
		joined.Blocks = append(joined.Blocks, b.Blocks...)
	}
	first, last := bodies[0], bodies[len(bodies)-1]
	joined.SrcRange = hcl.RangeBetween(first.SrcRange, last.SrcRange)
	joined.EndRange = last.EndRange
	return joined
}
