package lang

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"syscall"
	"unicode/utf8"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
)

// checkNesting refuses source whose expressions nest deeper than
// MaxNesting, before the parser (which recurses once per level) sees it.
// Brackets, braces, parentheses, quotes, heredocs, interpolations, template
// directives and operators each count as a level; a comma, and a new line
// directly inside braces, end the operators of one item. JSON source is
// checked for nested arrays and objects, and each of its strings as a
// template.
func checkNesting(src []byte, path string) hcl.Diagnostics {
	if isJSON(path) {
		return checkJSONNesting(src, path)
	}
	if bound, ok := nestingBound(src, MaxNesting); ok && bound <= MaxNesting {
		return nil
	}
	tokens, _ := hclsyntax.LexConfig(src, path, hcl.InitialPos)
	return checkTokenNesting(tokens)
}

// checkTemplateNesting is checkNesting for a template (a templatefile file
// or a JSON string) that starts at pos.
func checkTemplateNesting(src []byte, path string, pos hcl.Pos) hcl.Diagnostics {
	tokens, _ := hclsyntax.LexTemplate(src, path, pos)
	return checkTokenNesting(tokens)
}

// nestingLevel is one open bracket (or the file itself) and the operators
// seen in it since the last separator.
type nestingLevel struct {
	ops   int
	brace bool // a new line ends an item here
}

func checkTokenNesting(tokens hclsyntax.Tokens) hcl.Diagnostics {
	return checkTokenNestingLimit(tokens, MaxNesting)
}

func checkTokenNestingLimit(tokens hclsyntax.Tokens, limit int) hcl.Diagnostics {
	stack := []nestingLevel{{brace: true}}
	depth := 0
	afterControl := false
	for _, tok := range tokens {
		top := &stack[len(stack)-1]
		switch {
		case opensLevel(tok.Type):
			stack = append(stack, nestingLevel{brace: tok.Type == hclsyntax.TokenOBrace})
			depth++
		case closesLevel(tok.Type):
			if len(stack) > 1 {
				depth -= 1 + top.ops
				stack = stack[:len(stack)-1]
			}
		case tok.Type == hclsyntax.TokenComma || tok.Type == hclsyntax.TokenNewline && top.brace:
			depth -= top.ops
			top.ops = 0
		case isOperator(tok.Type):
			top.ops++
			depth++
		case afterControl && tok.Type == hclsyntax.TokenIdent:
			depth += directiveNesting(string(tok.Bytes))
		}
		afterControl = tok.Type == hclsyntax.TokenTemplateControl
		if depth > limit {
			return hcl.Diagnostics{tooDeep(tok.Range)}
		}
	}
	return nil
}

// nestingBound reads native syntax source as the lexer would, without
// making tokens, and returns a depth never below the deepest that
// checkTokenNesting finds in the lexer's tokens, so that the file is lexed
// once (by the parser) when it cannot reach the limit. It finds the same
// brackets, quotes, interpolations, commas, new lines and comments as the
// lexer does; each byte of an operator counts as one (so == counts two, and
// = and => count too): more than the exact count, never less, and a comma or
// a new line directly inside braces ends them as it does there.
//
// ok is false when src holds what it does not follow (a heredoc or a
// left shift, a template directive, $$ or %% in a string, ~, a comment
// /* without its end, bytes that are not UTF-8), or when the
// bound passes limit: the exact count decides then.
func nestingBound(src []byte, limit int) (bound int, ok bool) {
	bound, ok, _ = nestingScan(src, limit, 0)
	return bound, ok
}

// nestingScan is nestingBound, and, when every is above zero, the places
// where a top-level item starts, every bytes or so apart: just after a new
// line outside any bracket, string or comment (splitAt).
func nestingScan(src []byte, limit, every int) (bound int, ok bool, splits []int) {
	if !utf8.Valid(src) {
		return 0, false, nil // the lexer's tokens around bad bytes are its own
	}
	last := 0
	stack := make([]nestingLevel, 1, 16)
	stack[0].brace = true
	depth := 0
	open := func(brace bool) {
		stack = append(stack, nestingLevel{brace: brace})
		depth++
		bound = max(bound, depth)
	}
	closeLevel := func() {
		if len(stack) > 1 {
			depth -= 1 + stack[len(stack)-1].ops
			stack = stack[:len(stack)-1]
		}
	}
	// The lexer's own state: inside a quoted string or not, the braces
	// open, and the brace counts at which an interpolation ends.
	inString := false
	braces := 0
	var interps []int
	next := func(i int) byte {
		if i+1 < len(src) {
			return src[i+1]
		}
		return 0
	}
	for i := 0; i < len(src); i++ {
		c := src[i]
		if inString {
			switch c {
			case '"':
				closeLevel()
				inString = false
			case '\\':
				i++ // an escape: the next character is the string's
			case '$':
				switch next(i) {
				case '{':
					open(false)
					braces++
					interps = append(interps, braces)
					inString = false
					i++
					if next(i) == '~' {
						i++
					}
				case '$':
					return bound, false, nil
				}
			case '%':
				if n := next(i); n == '{' || n == '%' {
					return bound, false, nil
				}
			}
		} else {
			switch c {
			case '\n':
				if top := &stack[len(stack)-1]; top.brace {
					depth -= top.ops
					top.ops = 0
				}
				if every > 0 && len(stack) == 1 && braces == 0 && i+1-last >= every && i+1 < len(src) {
					last = i + 1
					splits = append(splits, last)
				}
			case ',':
				top := &stack[len(stack)-1]
				depth -= top.ops
				top.ops = 0
			case '#':
				i = lineEnd(src, i)
			case '/':
				switch next(i) {
				case '/':
					i = lineEnd(src, i)
				case '*':
					end := bytes.Index(src[i+2:], []byte("*/"))
					if end < 0 {
						return bound, false, nil // the lexer reads on as / and *
					}
					i += 2 + end + 1
				default:
					stack[len(stack)-1].ops++
					depth++
				}
			case '"':
				open(false)
				inString = true
			case '{':
				open(true)
				braces++
			case '}':
				closeLevel()
				if n := len(interps); n > 0 && interps[n-1] == braces {
					interps = interps[:n-1]
					inString = true
				}
				braces--
			case '(', '[':
				open(false)
			case ')', ']':
				closeLevel()
			case '<':
				if next(i) == '<' {
					return bound, false, nil
				}
				stack[len(stack)-1].ops++
				depth++
			case '~':
				return bound, false, nil
			case '+', '-', '*', '%', '&', '|', '!', '=', '>', '?':
				stack[len(stack)-1].ops++
				depth++
			}
			bound = max(bound, depth)
		}
		if bound > limit {
			return bound, false, nil
		}
	}
	return bound, true, splits
}

// lineEnd is the index of the new line that ends the comment starting at
// src[i] (the comment's last byte), or the last index of src.
func lineEnd(src []byte, i int) int {
	if n := bytes.IndexByte(src[i:], '\n'); n >= 0 {
		return i + n
	}
	return len(src) - 1
}

func opensLevel(t hclsyntax.TokenType) bool {
	switch t {
	case hclsyntax.TokenOParen, hclsyntax.TokenOBrack, hclsyntax.TokenOBrace, hclsyntax.TokenOQuote,
		hclsyntax.TokenOHeredoc, hclsyntax.TokenTemplateInterp, hclsyntax.TokenTemplateControl:
		return true
	}
	return false
}

func closesLevel(t hclsyntax.TokenType) bool {
	switch t {
	case hclsyntax.TokenCParen, hclsyntax.TokenCBrack, hclsyntax.TokenCBrace, hclsyntax.TokenCQuote,
		hclsyntax.TokenCHeredoc, hclsyntax.TokenTemplateSeqEnd:
		return true
	}
	return false
}

func isOperator(t hclsyntax.TokenType) bool {
	switch t {
	case hclsyntax.TokenPlus, hclsyntax.TokenMinus, hclsyntax.TokenStar, hclsyntax.TokenSlash,
		hclsyntax.TokenPercent, hclsyntax.TokenAnd, hclsyntax.TokenOr, hclsyntax.TokenBang,
		hclsyntax.TokenEqualOp, hclsyntax.TokenNotEqual, hclsyntax.TokenLessThan, hclsyntax.TokenLessThanEq,
		hclsyntax.TokenGreaterThan, hclsyntax.TokenGreaterThanEq, hclsyntax.TokenQuestion:
		return true
	}
	return false
}

// directiveNesting is how a template directive changes the nesting: an if
// or a for opens a level that its endif or endfor closes.
func directiveNesting(keyword string) int {
	switch keyword {
	case "if", "for":
		return 1
	case "endif", "endfor":
		return -1
	}
	return 0
}

func tooDeep(rng hcl.Range) *hcl.Diagnostic {
	return &hcl.Diagnostic{
		Severity: hcl.DiagError,
		Summary:  "Expression nested too deeply",
		Detail: fmt.Sprintf("This expression goes deeper than %d levels of brackets, templates and operators, the most flightplan evaluates. "+
			"Split it into local values, each a part of the whole.", MaxNesting),
		Subject: rng.Ptr(),
	}
}

// checkJSONNesting checks the nesting of arrays and objects of JSON source,
// and each string as a template. Malformed JSON is left to the parser.
func checkJSONNesting(src []byte, path string) hcl.Diagnostics {
	pos := hcl.InitialPos
	depth := 0
	for i := 0; i < len(src); i++ {
		c := src[i]
		switch c {
		case '[', '{':
			depth++
			if depth > MaxNesting {
				return hcl.Diagnostics{tooDeep(charRange(path, pos))}
			}
		case ']', '}':
			depth--
		case '"':
			end := jsonStringEnd(src, i)
			if diags := checkJSONString(src[i:end], path, pos); diags != nil {
				return diags
			}
			pos = advance(pos, src[i:end-1])
			i = end - 1
		}
		pos = advance(pos, src[i:i+1])
	}
	return nil
}

// jsonStringEnd returns the index just past the string that starts at
// src[start] (a quote), or len(src) when it is not closed.
func jsonStringEnd(src []byte, start int) int {
	for i := start + 1; i < len(src); i++ {
		switch src[i] {
		case '\\':
			i++
		case '"':
			return i + 1
		}
	}
	return len(src)
}

// checkJSONString checks a JSON string literal, which HCL evaluates as a
// template, when it holds an interpolation or a directive.
func checkJSONString(lit []byte, path string, pos hcl.Pos) hcl.Diagnostics {
	if !bytes.Contains(lit, []byte("${")) && !bytes.Contains(lit, []byte("%{")) {
		return nil
	}
	var s string
	if json.Unmarshal(lit, &s) != nil {
		return nil
	}
	return checkTemplateNesting([]byte(s), path, pos)
}

// advance moves pos past b.
func advance(pos hcl.Pos, b []byte) hcl.Pos {
	for _, c := range b {
		pos.Byte++
		pos.Column++
		if c == '\n' {
			pos.Line++
			pos.Column = 1
		}
	}
	return pos
}

func charRange(path string, pos hcl.Pos) hcl.Range {
	end := pos
	end.Byte++
	end.Column++
	return hcl.Range{Filename: path, Start: pos, End: end}
}

// readLimited reads a file the language reads (the configuration, a
// variables file, file(), templatefile()), refusing anything but a regular
// file (a FIFO or a device could block or never end) and files over
// MaxFileSize.
func readLimited(path string) ([]byte, error) {
	if info, err := os.Stat(path); err != nil {
		return nil, err
	} else if !info.Mode().IsRegular() {
		return nil, &os.PathError{Op: "read", Path: path, Err: fmt.Errorf("it is not a regular file (it is a %s)", fileKind(info.Mode()))}
	}
	// O_NONBLOCK: a file swapped for a FIFO after the check must not block.
	f, err := os.OpenFile(path, os.O_RDONLY|syscall.O_NONBLOCK, 0)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	if info, err := f.Stat(); err != nil || !info.Mode().IsRegular() {
		return nil, &os.PathError{Op: "read", Path: path, Err: fmt.Errorf("it is not a regular file")}
	}
	b, err := io.ReadAll(io.LimitReader(f, MaxFileSize+1))
	if err != nil {
		return nil, err
	}
	if len(b) > MaxFileSize {
		return nil, &os.PathError{Op: "read", Path: path, Err: fmt.Errorf("it is longer than %d bytes, the most flightplan reads from one file", MaxFileSize)}
	}
	return b, nil
}

func fileKind(m os.FileMode) string {
	switch {
	case m.IsDir():
		return "directory"
	case m&os.ModeNamedPipe != 0:
		return "named pipe"
	case m&os.ModeSocket != 0:
		return "socket"
	case m&os.ModeDevice != 0:
		return "device"
	}
	return "special file"
}
