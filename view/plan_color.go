package view

// ANSI styles, used only when a view is asked for colour.
const (
	reset  = "\x1b[0m"
	bold   = "\x1b[1m"
	dim    = "\x1b[2m"
	red    = "\x1b[31m"
	green  = "\x1b[32m"
	yellow = "\x1b[33m"
)

func (t *textPlan) paint(style, s string) string {
	if !t.color || s == "" {
		return s
	}
	return style + s + reset
}

// sym paints an action symbol in its colour.
func (t *textPlan) sym(s string) string {
	switch s {
	case "+":
		return t.paint(green, s)
	case "~":
		return t.paint(yellow, s)
	case "-", "-/+":
		return t.paint(red, s)
	}
	return s
}
