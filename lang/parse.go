package lang

import (
	"bytes"
	"runtime"
	"sync"
	"sync/atomic"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
)

// splitParseMin is the size from which a native file is parsed in parts:
// below it, parsing takes less than starting the parts.
const splitParseMin = 32 << 10

// parsePartSize is about the size of each part. Parts are small, not one
// per core, because hclsyntax's lexer appends every token (about 100
// bytes) to one slice, and past 256 elements append grows a slice by about
// a quarter at a time: one 90 KB file's tokens took 15 MB of allocations
// (five times their final size, every byte of it copied and, being new
// memory, faulted in by the kernel). A part of 4 KB stays near 300 tokens.
var parsePartSize = 4 << 10

// parseWorkers is how many parts of a large file are parsed at once.
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
	if len(src) >= splitParseMin {
		every = parsePartSize
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

// parseParts parses src cut at splits, parseWorkers parts at a time, and
// joins the parts' bodies; nil when a part had a diagnostic or the parts
// cannot be joined.
func parseParts(src []byte, path string, splits []int) *hclsyntax.Body {
	starts := append([]int{0}, splits...)
	lines := make([]int, len(starts)) // the line each part starts on
	lines[0] = 1
	for i := 1; i < len(starts); i++ {
		lines[i] = lines[i-1] + bytes.Count(src[starts[i-1]:starts[i]], []byte("\n"))
	}
	bodies := make([]*hclsyntax.Body, len(starts))
	failed := make([]bool, len(starts))
	parse := func(i int) {
		start, end := starts[i], len(src)
		if i+1 < len(starts) {
			end = starts[i+1]
		}
		pos := hcl.Pos{Line: lines[i], Column: 1, Byte: start}
		f, diags := hclsyntax.ParseConfig(src[start:end], path, pos)
		if len(diags) > 0 || f == nil {
			failed[i] = true
			return
		}
		bodies[i], _ = f.Body.(*hclsyntax.Body)
		failed[i] = bodies[i] == nil
	}
	var next atomic.Int64
	var wg sync.WaitGroup
	for range min(parseWorkers(0), len(starts)) {
		wg.Go(func() {
			for i := int(next.Add(1) - 1); i < len(starts); i = int(next.Add(1) - 1) {
				parse(i)
			}
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
