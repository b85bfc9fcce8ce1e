package awssim_test

import (
	"context"
	"net"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/sts"

	"flightplan/awssim"
)

func TestServeUntilCancelled(t *testing.T) {
	sim, err := awssim.New(awssim.Options{})
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	served := make(chan error, 1)
	go func() { served <- sim.Serve(ctx, ln) }()

	if _, err := sts.NewFromConfig(endpointConfig("http://"+ln.Addr().String(), acctA)).GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{}); err != nil {
		t.Fatal(err)
	}
	cancel()
	select {
	case err := <-served:
		if err != nil {
			t.Errorf("Serve after cancel: %v, want nil", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("Serve did not return after its context was cancelled")
	}
}

func TestListenAndServeBadAddress(t *testing.T) {
	sim, err := awssim.New(awssim.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := sim.ListenAndServe(context.Background(), "127.0.0.1:-1"); err == nil {
		t.Error("ListenAndServe on a bad address succeeded")
	}
}
