package view

import (
	"encoding/json"
	"fmt"
	"hash/fnv"
	"io"
	"time"

	"flightplan/logs"
)

// taskColors are the colours that tell tasks apart in a log, in order.
var taskColors = []string{"\x1b[36m", "\x1b[33m", "\x1b[35m", "\x1b[32m", "\x1b[34m", "\x1b[31m"}

// WriteLogEvent writes one log line: its time, the container and the
// first eight characters of the task it came from (coloured per task when
// color is set), and the message.
func WriteLogEvent(w io.Writer, e logs.Event, color bool) error {
	source := e.Stream
	if e.Task != "" {
		source = e.Container + "/" + e.Task[:min(8, len(e.Task))]
	}
	if color {
		h := fnv.New32a()
		_, _ = h.Write([]byte(e.Stream))
		source = taskColors[h.Sum32()%uint32(len(taskColors))] + source + "\x1b[0m"
	}
	_, err := fmt.Fprintf(w, "%s %s %s\n", e.Time.Format(time.RFC3339), source, e.Message)
	return err
}

// WriteLogEventJSON writes one log line as one JSON object on its own
// line: {"timestamp", "stream", "container", "task", "message"}.
func WriteLogEventJSON(w io.Writer, e logs.Event) error {
	return json.NewEncoder(w).Encode(e)
}

// WriteNoLogEvents says that nothing matched, so that an empty output is
// not mistaken for a hang.
func WriteNoLogEvents(w io.Writer, group string) error {
	_, err := fmt.Fprintf(w, "No log events in %s match.\n", group)
	return err
}
