package awssim_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ssm"

	"flightplan/awssim"
)

// BenchmarkSimOverhead measures SSM calls made through the real SDK over
// loopback HTTP. ns/op is the whole round trip (SDK, HTTP, simulator);
// sim-ns/op is the time spent inside the simulator's handler alone, which
// is what the simulator adds to a flightplan benchmark beyond the SDK's own
// cost.
func BenchmarkSimOverhead(b *testing.B) {
	calls := map[string]func(c *ssm.Client, i int) error{
		"GetParameter": func(c *ssm.Client, _ int) error {
			_, err := c.GetParameter(context.Background(), &ssm.GetParameterInput{Name: aws.String("/bench/p")})
			return err
		},
		"PutParameter": func(c *ssm.Client, _ int) error {
			_, err := c.PutParameter(context.Background(), &ssm.PutParameterInput{
				Name: aws.String("/bench/p"), Value: aws.String("v"), Type: "String", Overwrite: aws.Bool(true)})
			return err
		},
	}
	for _, name := range []string{"GetParameter", "PutParameter"} {
		b.Run(name, func(b *testing.B) {
			c, inside := timedClient(b)
			put(b, c, "/bench/p", "v")
			inside.Store(0)
			b.ResetTimer()
			for i := range b.N {
				if err := calls[name](c, i); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(inside.Load())/float64(b.N), "sim-ns/op")
		})
	}
}

// timedClient serves a simulator through a handler that adds up the time
// spent inside it, and returns an SSM client of account A for it.
func timedClient(b *testing.B) (*ssm.Client, *atomic.Int64) {
	sim, err := awssim.New(awssim.Options{Clock: awssim.NewFakeClock()})
	if err != nil {
		b.Fatal(err)
	}
	var inside atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		sim.ServeHTTP(w, r)
		inside.Add(int64(time.Since(start)))
	}))
	b.Cleanup(srv.Close)
	return ssm.NewFromConfig(endpointConfig(srv.URL, acctA)), &inside
}
