// Package view renders everything the user sees: errors and diagnostics,
// help, plans (text, JSON, markdown), graphs, drift, live progress and the
// command line's messages. It reads models and writes to
// the io.Writer it is given; it never calls AWS and holds no program logic,
// so that every output format is rendered from the same data in one place.
package view
