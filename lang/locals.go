package lang

import (
	"slices"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/zclconf/go-cty/cty"
)

// loadLocals evaluates the locals in dependency order: each local's
// references to local.x are read with Expression.Variables, ordered
// depth-first, and a cycle is reported with its path.
func (l *loader) loadLocals() {
	values := map[string]cty.Value{}
	l.scope["local"] = cty.EmptyObjectVal
	state := map[string]int{} // 0 unvisited, 1 in progress, 2 done
	for _, name := range l.localOrder() {
		l.visitLocal(name, values, state, nil)
	}
	l.scope["local"] = cty.ObjectVal(values)
}

// localOrder returns the local names in source order, for stable messages.
func (l *loader) localOrder() []string {
	names := sortedNames(l.locals)
	slices.SortStableFunc(names, func(a, b string) int {
		ra, rb := l.locals[a].Range, l.locals[b].Range
		if ra.Filename != rb.Filename {
			return strings.Compare(ra.Filename, rb.Filename)
		}
		return ra.Start.Byte - rb.Start.Byte
	})
	return names
}

func (l *loader) visitLocal(name string, values map[string]cty.Value, state map[string]int, path []string) {
	switch state[name] {
	case 2:
		return
	case 1:
		l.localCycle(name, path)
		values[name] = cty.DynamicVal
		return
	}
	state[name] = 1
	a := l.locals[name]
	for _, dep := range localRefs(a.Expr) {
		if _, ok := l.locals[dep]; ok {
			l.visitLocal(dep, values, state, append(path, name))
		}
	}
	state[name] = 2
	vars := l.globals("var", "app")
	vars["local"] = cty.ObjectVal(values)
	e := l.evaluator(vars, "A local value")
	e.importsHere = true          // checked where the local is used
	values[name] = cty.DynamicVal // unknown: uses of a failed local stay quiet
	if v, ok := e.value(a.Expr, cty.DynamicPseudoType); ok {
		values[name] = v
	}
}

// localRefs returns the names x of the local.x references in expr.
func localRefs(expr hcl.Expression) []string {
	var out []string
	for _, t := range expr.Variables() {
		if t.RootName() != "local" || len(t) < 2 {
			continue
		}
		if step, ok := t[1].(hcl.TraverseAttr); ok {
			out = append(out, step.Name)
		}
	}
	return out
}

func (l *loader) localCycle(name string, path []string) {
	start := slices.Index(path, name)
	cycle := append(append([]string(nil), path[start:]...), name)
	for i := range cycle {
		cycle[i] = "local." + cycle[i]
	}
	a := l.locals[name]
	l.errorf(a.NameRange, "Cycle in local values", "These local values refer to each other in a loop: %s. Break the loop by computing one of them without the others.",
		strings.Join(cycle, " → "))
}
