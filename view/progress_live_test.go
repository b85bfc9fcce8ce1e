package view

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"flightplan/addr"
	"flightplan/executor"
	"flightplan/planner"
)

func TestLiveProgressRedrawsInPlace(t *testing.T) {
	clock := newFakeNow()
	var buf bytes.Buffer
	tick := make(chan time.Time)
	l := NewLiveProgress(&buf, clock.now, tick)
	l.Width = 60

	l.NodeStarted(api, planner.Create)
	l.NodeStarted(addr.Env("prod"), planner.Update)
	for _, s := range []string{"CREATE_IN_PROGRESS", "CREATE_IN_PROGRESS", "CREATE_COMPLETE", "CREATE_IN_PROGRESS"} {
		l.NodeEvent(api, executor.Event{LogicalID: "Topic", Type: "AWS::SNS::Topic", Status: s})
	}
	clock.advance(80 * time.Second)
	l.Flush()
	frame1 := "\x1b[J" +
		"• deploy/test/api: creating 1m20s\n" +
		"    Topic (AWS::SNS::Topic) CREATE_IN_PROGRESS\n" +
		"    Topic (AWS::SNS::Topic) CREATE_COMPLETE\n" +
		"    Topic (AWS::SNS::Topic) CREATE_IN_PROGRESS\n" +
		"• env/prod: updating 1m20s\n"
	if d := cmp.Diff(frame1, buf.String()); d != "" {
		t.Fatalf("first frame (-want +got):\n%s", d)
	}

	buf.Reset()
	l.NodeEvent(addr.Env("prod"), executor.Event{LogicalID: "Cluster", Type: "AWS::ECS::Cluster", Status: "UPDATE_FAILED", Reason: strings.Repeat("very long reason ", 10)})
	l.NodeFinished(api, executor.Outcome{Status: executor.Succeeded, Action: planner.Create, Duration: 83 * time.Second})
	clock.advance(time.Second)
	tick <- clock.now() // the loop draws; Close waits for it to stop
	if err := l.Close(); err != nil {
		t.Fatal(err)
	}
	frame2 := "\x1b[5A\x1b[J" +
		"✓ deploy/test/api: created in 1m23s\n" +
		"• env/prod: updating 1m21s\n" +
		"    Cluster (AWS::ECS::Cluster) UPDATE_FAILED: very long re…\n"
	if got := buf.String(); !strings.HasPrefix(got, frame2) {
		t.Fatalf("second frame (-want +got):\n%s", cmp.Diff(frame2, got))
	}
}

func TestLiveProgressFinalFrameEmptiesTheLiveArea(t *testing.T) {
	var buf bytes.Buffer
	l := NewLiveProgress(&buf, newFakeNow().now, nil)
	l.NodeStarted(api, planner.Delete)
	l.Flush()
	l.NodeFinished(api, executor.Outcome{Status: executor.Failed, Action: planner.Delete, RootCause: "Bucket (AWS::S3::Bucket): The bucket you tried to delete is not empty"})
	l.Message("interrupted: waiting for 0 operations in flight to settle")
	buf.Reset()
	_ = l.Close()
	_ = l.Close()
	want := "\x1b[1A\x1b[J" +
		"✗ deploy/test/api: failed after 0s: Bucket (AWS::S3::Bucket): The bucket you tried to delete is not empty\n" +
		"interrupted: waiting for 0 operations in flight to settle\n" +
		"\x1b[J"
	if d := cmp.Diff(want, buf.String()); d != "" {
		t.Fatalf("final frames (-want +got):\n%s", d)
	}
}
