// Package view renders everything the user sees: diagnostics, plans (text,
// JSON, markdown), graphs and live progress. It reads models and writes to
// the io.Writer it is given; it never calls AWS and holds no program logic,
// so that every output format is rendered from the same data in one place.
package view
