package view

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"flightplan/status"
)

// WriteStatus writes one line per service and environment (its tasks and
// health), then, under each one that is not healthy or is deploying, why:
// the problem, its stopped tasks and what to do; and a last line counting
// the unhealthy.
func WriteStatus(w io.Writer, r *status.Report) error {
	if len(r.Services) == 0 {
		_, err := fmt.Fprintln(w, "No services or jobs: the file declares none.")
		return err
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	for _, s := range r.Services {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", s.Addr, s.Type, statusTasks(s), statusWord(s))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	for _, s := range r.Services {
		writeStatusDetail(w, s)
	}
	n := r.Unhealthy()
	switch n {
	case 0:
		fmt.Fprintf(w, "\nAll %d healthy.\n", len(r.Services))
	default:
		fmt.Fprintf(w, "\n%d of %d unhealthy.\n", n, len(r.Services))
	}
	return nil
}

func statusTasks(s *status.Service) string {
	switch {
	case s.Tasks != nil && s.Targets != nil:
		t := s.Targets
		return fmt.Sprintf("%d/%d running, %d pending, %d/%d targets healthy", s.Tasks.Running, s.Tasks.Desired, s.Tasks.Pending, t.Healthy, t.Healthy+t.Unhealthy+t.Other)
	case s.Tasks != nil:
		return fmt.Sprintf("%d/%d running, %d pending", s.Tasks.Running, s.Tasks.Desired, s.Tasks.Pending)
	case len(s.Runs) > 0:
		return "last run " + s.Runs[0].Status + " " + s.Runs[0].Start
	case s.Type == "scheduled-job" && s.StackStatus != "" && s.Healthy:
		return "no runs yet"
	case s.StackStatus != "":
		return s.StackStatus
	}
	return "-"
}

func statusWord(s *status.Service) string {
	switch {
	case !s.Healthy:
		return "UNHEALTHY"
	case s.Problem != "":
		return "deploying"
	}
	return "healthy"
}

// writeStatusDetail explains a service that is not simply healthy.
func writeStatusDetail(w io.Writer, s *status.Service) {
	if s.Problem == "" {
		return
	}
	fmt.Fprintf(w, "\n%s: %s\n", s.Addr, s.Problem)
	for _, t := range s.Stopped {
		line := "  stopped task " + t.ID + ": " + t.Reason
		if t.ExitCode != nil {
			line += fmt.Sprintf(" (container %s exited with %d)", t.Container, *t.ExitCode)
		}
		fmt.Fprintln(w, line)
	}
	for _, a := range s.Alarms {
		fmt.Fprintf(w, "  alarm %s in ALARM since %s: %s\n", a.Name, a.Since, a.Reason)
	}
	for _, r := range s.Runs {
		line := "  run " + r.Name + ": " + r.Status + ", started " + r.Start
		if r.Stop != "" {
			line += ", ended " + r.Stop
		}
		fmt.Fprintln(w, line)
	}
	for _, e := range s.Events {
		fmt.Fprintf(w, "  %s  %s\n", e.At, e.Message)
	}
	if s.Fix != "" {
		fmt.Fprintf(w, "  Fix: %s.\n", s.Fix)
	}
}

// WriteStatusJSON writes the report as one JSON object, for scripts:
// {"app", "services": [{"address", "type", "stack", "tasks", "deployment",
// "stopped_tasks", "targets", "alarms_in_alarm", "events", "healthy",
// "problem", "fix"}…], "unhealthy"}.
func WriteStatusJSON(w io.Writer, r *status.Report) error {
	if r.Services == nil {
		r.Services = []*status.Service{}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(struct {
		*status.Report
		Unhealthy int `json:"unhealthy"`
	}{r, r.Unhealthy()})
}

// WriteJobRun says how a run of a job went: started (and left running),
// succeeded, or failed with its error and cause.
func WriteJobRun(w io.Writer, a fmt.Stringer, r *status.Execution) error {
	var err error
	switch {
	case r.Status == "RUNNING":
		_, err = fmt.Fprintf(w, "%s: started run %s at %s; it is running (flightplan status %s shows how it ends).\n", a, r.Name, r.Start, a)
	case r.Failed():
		_, err = fmt.Fprintf(w, "%s: run %s %s at %s: %s: %s\nRead its logs: flightplan logs %s\n", a, r.Name, r.Status, r.Stop, r.Error, r.Cause, a)
	default:
		_, err = fmt.Fprintf(w, "%s: run %s %s (started %s, ended %s).\n", a, r.Name, r.Status, r.Start, r.Stop)
	}
	return err
}

// WriteTaskStarted says that run task started a task and, when it waits,
// that its logs follow.
func WriteTaskStarted(w io.Writer, a fmt.Stringer, id string, command []string, waiting bool) error {
	what := "its task definition's command"
	if len(command) > 0 {
		what = strings.Join(command, " ")
	}
	if !waiting {
		_, err := fmt.Fprintf(w, "%s: started task %s (%s); flightplan logs %s --task %s --follow shows its output.\n", a, id, what, a, id)
		return err
	}
	_, err := fmt.Fprintf(w, "%s: started task %s (%s); its logs follow until it stops.\n", a, id, what)
	return err
}

// WriteTaskStopped says how a one-off task ended.
func WriteTaskStopped(w io.Writer, a fmt.Stringer, id, container string, end *status.TaskEnd) error {
	if end.ExitCode == nil {
		return nil // the error says it
	}
	_, err := fmt.Fprintf(w, "%s: task %s stopped: container %s exited with %d.\n", a, id, container, *end.ExitCode)
	return err
}
