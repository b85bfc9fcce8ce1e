package view

import (
	"fmt"
	"io"

	"github.com/hashicorp/hcl/v2"

	"flightplan/schema"
)

// The command line's one-line messages, so that its every word is written
// here.

// WriteVersion writes "flightplan VERSION".
func WriteVersion(w io.Writer, version string) error {
	_, err := fmt.Fprintf(w, "flightplan %s\n", version)
	return err
}

// WritePrompt asks question and leaves the cursor after "Enter a value: ";
// WritePromptEnd ends the line once the answer is read.
func WritePrompt(w io.Writer, question string) error {
	_, err := fmt.Fprintf(w, "\n%s\n  Enter a value: ", question)
	return err
}

// WritePromptEnd ends the prompt's line after the answer.
func WritePromptEnd(w io.Writer) error {
	_, err := fmt.Fprintln(w)
	return err
}

// WriteApplyCancelled says that an apply was not confirmed.
func WriteApplyCancelled(w io.Writer) error {
	_, err := fmt.Fprintln(w, "Apply cancelled: nothing was changed.")
	return err
}

// WriteDestroyCancelled says that a destroy was not confirmed.
func WriteDestroyCancelled(w io.Writer) error {
	_, err := fmt.Fprintln(w, "Destroy cancelled: nothing was deleted.")
	return err
}

// WriteWarnings writes one "Warning: …" line per warning.
func WriteWarnings(w io.Writer, warnings []string) error {
	for _, s := range warnings {
		if _, err := fmt.Fprintf(w, "Warning: %s\n", s); err != nil {
			return err
		}
	}
	return nil
}

// WritePlanSaved says where a plan was saved and how to apply it.
func WritePlanSaved(w io.Writer, path string) error {
	_, err := fmt.Fprintf(w, "\nSaved the plan to %s. Apply exactly this plan with: flightplan apply %s\n", path, path)
	return err
}

// WriteRendered says how many nodes render wrote, and where.
func WriteRendered(w io.Writer, nodes int, dir string) error {
	_, err := fmt.Fprintf(w, "Wrote %d nodes to %s.\n", nodes, dir)
	return err
}

// WriteUnlocked says which lock was removed.
func WriteUnlocked(w io.Writer, id, app string) error {
	_, err := fmt.Fprintf(w, "Removed lock %s of application %s.\n", id, app)
	return err
}

// WriteValid says that cfg is valid and what it declares.
func WriteValid(w io.Writer, cfg *schema.Config) error {
	count := func(n int, noun string) string { return fmt.Sprintf("%d %s", n, plural(n, noun, noun+"s")) }
	_, err := fmt.Fprintf(w, "The configuration is valid: app %q, %s, %s, %s.\n", cfg.App.Name,
		count(len(cfg.Environments), "environment"), count(len(cfg.Workloads), "workload"), count(len(cfg.Pipelines), "pipeline"))
	return err
}

// WriteDiagnosticsJSON writes the document of DiagnosticsJSON and a newline.
func WriteDiagnosticsJSON(w io.Writer, diags hcl.Diagnostics) error {
	out, err := DiagnosticsJSON(diags)
	if err != nil {
		return err
	}
	_, err = fmt.Fprintf(w, "%s\n", out)
	return err
}

// WriteSimServing says where the simulator serves and how to pick an
// account.
func WriteSimServing(w io.Writer, addr string) error {
	_, err := fmt.Fprintf(w, "Serving the AWS simulator on http://%s (Ctrl-C stops it).\n"+
		"Access key SIM<account> selects the account, e.g. SIM111111111111; any secret works.\n", addr)
	return err
}

// WriteInterrupted says what the first interrupt does.
func WriteInterrupted(w io.Writer) error {
	_, err := fmt.Fprintln(w, "\nInterrupt received: starting nothing new, waiting for operations in flight to settle. Interrupt again to exit at once.")
	return err
}

// WriteInterruptedNothingChanged says that an interrupt came while the run
// was changing nothing (validate, plan, the confirmation prompt), so it
// exits at once.
func WriteInterruptedNothingChanged(w io.Writer) error {
	_, err := fmt.Fprintln(w, "\nInterrupted: exiting now. Nothing was changed.")
	return err
}

// HeldLock is the application lock a run holds, and the exact command
// that releases it.
type HeldLock struct {
	App, ID string
	// Command is the unlock command line, with the global flags the run
	// was given (-f, --chdir, --sim, variables) so that it finds the
	// same application.
	Command string
}

// WriteSecondInterrupt says what the second interrupt does, and, when the
// run still holds the application's lock (lock not nil), that exiting
// leaves it held and how to release it.
func WriteSecondInterrupt(w io.Writer, lock *HeldLock) error {
	_, err := fmt.Fprintln(w, "Second interrupt: exiting now. Stacks still in progress will finish in AWS; run plan to see where things stand.")
	if err != nil || lock == nil {
		return err
	}
	_, err = fmt.Fprintf(w, "The lock of application %s (ID %s) is still held. Once no stack of it is in progress, release it with:\n  %s\n",
		lock.App, lock.ID, lock.Command)
	return err
}

// WriteAdopted says what adopt wrote, and lists what it could not express.
// Each unsupported entry is a field's location and why (adopt.Unsupported).
func WriteAdopted(w io.Writer, file, app string, envs, workloads int, unsupported []string) error {
	fmt.Fprintf(w, "Wrote %s: application %s, %d environments, %d services and jobs.\n", file, app, envs, workloads)
	if len(unsupported) == 0 {
		_, err := fmt.Fprintln(w, "Every manifest field has its flightplan equivalent.")
		return err
	}
	fmt.Fprintf(w, "%d manifest %s no flightplan equivalent yet; each is a comment at its place in the file:\n",
		len(unsupported), plural(len(unsupported), "field has", "fields have"))
	for _, u := range unsupported {
		fmt.Fprintf(w, "  - %s\n", u)
	}
	_, err := fmt.Fprintln(w, "Next: review the file, then run flightplan plan to see what applying it would change.")
	return err
}
