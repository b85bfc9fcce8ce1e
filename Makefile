# flightplan — build, test, benchmark.
GO ?= go
BIN := bin/flightplan

.PHONY: build test bench demo fuzz awsspec clean

build:
	$(GO) build -o $(BIN) .

test:
	$(GO) vet ./...
	$(GO) test -race -count=1 ./...

bench:
	$(GO) test -run '^$$' -bench . -benchmem ./...

demo: build
	rm -rf .sim
	$(BIN) -f testdata/examples/reference/flightplan.hcl --sim .sim apply --auto-approve
	$(BIN) -f testdata/examples/reference/flightplan.hcl --sim .sim plan --detailed-exitcode

fuzz:
	$(GO) test ./lang -run '^$$' -fuzz FuzzLoad -fuzztime 30s -fuzzminimizetime 2s

awsspec:
	$(GO) run ./awsspec/internal/gen

clean:
	rm -rf bin .sim
