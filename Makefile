# flightplan — build, test, benchmark.
GO ?= go
BIN := bin/flightplan

.PHONY: build test bench demo fuzz awsspec clean

build:
	$(GO) build -o $(BIN) .

# -timeout: go test's default of 10 minutes per package is a hang detector
# that a loaded machine can trip (the CLI stories take about 5 minutes on
# an idle 2-core machine, over 9 under ten times that load).
test:
	@unformatted=$$("$$($(GO) env GOROOT)/bin/gofmt" -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	if [ -n "$$unformatted" ]; then echo "gofmt would change these files (run gofmt -w):"; echo "$$unformatted"; exit 1; fi
	$(GO) vet ./...
	$(GO) test -race -count=1 -timeout 30m ./...

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
