package awssim

import (
	"encoding/json"
	"net/http"
	"strings"
	"time"
)

// The control endpoint: /_sim/... serves JSON mirrors of the Go API, for a
// simulator run as a separate process (flightplan sim). docs/simulator.md
// documents them.
//
//	GET  /_sim/calls           {"total": n, "calls": [CallCount…]}
//	POST /_sim/reset-counters
//	POST /_sim/throttle        {"service": "ssm", "action": "GetParameter", "fraction": 0.3}
//	POST /_sim/latency         {"ms": 20}
//	POST /_sim/clear-faults
//	POST /_sim/advance         {"seconds": 60}   (fake clock only)
//	POST /_sim/ecs/fail-tasks  {"account": "…", "region": "…", "service": "ARN, name or STACK/LOGICAL-ID", "reason": "…", "exit_code": 1}
//	POST /_sim/ecs/next-run    {"exit_code": 3, "log": ["line", …]}
//	POST /_sim/cloudwatch/set-alarm-state {"account", "region", "alarm", "state", "reason"}
//	POST /_sim/sfn/fail-executions {"account", "region", "state_machine": "ARN, name or STACK/LOGICAL-ID", "error", "cause"}
//	     /_sim/cfn/...         CloudFormation faults and drift
//
// Successful POSTs answer 204; errors answer {"error": "..."} with a 4xx.
func (s *Sim) serveControl(w http.ResponseWriter, r *http.Request) {
	path := strings.TrimPrefix(r.URL.Path, "/_sim")
	if strings.HasPrefix(path, "/cfn/") {
		s.cfn.ServeControl(w, r)
		return
	}
	route, ok := controlRoutes[path]
	if !ok {
		controlError(w, http.StatusNotFound, "no control endpoint "+r.URL.Path)
		return
	}
	if r.Method != route.method {
		controlError(w, http.StatusMethodNotAllowed, r.URL.Path+" takes "+route.method)
		return
	}
	route.serve(s, w, r)
}

type controlRoute struct {
	method string
	serve  func(s *Sim, w http.ResponseWriter, r *http.Request)
}

var controlRoutes = map[string]controlRoute{
	"/calls":                      {http.MethodGet, (*Sim).controlCalls},
	"/reset-counters":             {http.MethodPost, func(s *Sim, w http.ResponseWriter, _ *http.Request) { s.ResetCounters(); done(w) }},
	"/throttle":                   {http.MethodPost, (*Sim).controlThrottle},
	"/latency":                    {http.MethodPost, (*Sim).controlLatency},
	"/clear-faults":               {http.MethodPost, func(s *Sim, w http.ResponseWriter, _ *http.Request) { s.ClearFaults(); done(w) }},
	"/advance":                    {http.MethodPost, (*Sim).controlAdvance},
	"/ecs/fail-tasks":             {http.MethodPost, (*Sim).controlFailTasks},
	"/ecs/next-run":               {http.MethodPost, (*Sim).controlNextRun},
	"/cloudwatch/set-alarm-state": {http.MethodPost, (*Sim).controlSetAlarmState},
	"/sfn/fail-executions":        {http.MethodPost, (*Sim).controlFailExecutions},
}

func (s *Sim) controlCalls(w http.ResponseWriter, _ *http.Request) {
	calls := s.Calls()
	total := 0
	for _, c := range calls {
		total += c.Count
	}
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(map[string]any{"total": total, "calls": calls})
}

func (s *Sim) controlThrottle(w http.ResponseWriter, r *http.Request) {
	var in struct {
		Service  string  `json:"service"`
		Action   string  `json:"action"`
		Fraction float64 `json:"fraction"`
	}
	if !decodeControl(w, r, &in) {
		return
	}
	if in.Service == "" || in.Action == "" || in.Fraction < 0 || in.Fraction > 1 {
		controlError(w, http.StatusBadRequest, "throttle needs service, action (or \"*\") and a fraction from 0 to 1")
		return
	}
	s.Throttle(in.Service, in.Action, in.Fraction)
	done(w)
}

func (s *Sim) controlLatency(w http.ResponseWriter, r *http.Request) {
	var in struct {
		MS float64 `json:"ms"`
	}
	if !decodeControl(w, r, &in) {
		return
	}
	if in.MS < 0 {
		controlError(w, http.StatusBadRequest, "latency ms must not be negative")
		return
	}
	s.SetLatency(time.Duration(in.MS * float64(time.Millisecond)))
	done(w)
}

func (s *Sim) controlAdvance(w http.ResponseWriter, r *http.Request) {
	var in struct {
		Seconds float64 `json:"seconds"`
	}
	if !decodeControl(w, r, &in) {
		return
	}
	fc, ok := s.Clock().(*FakeClock)
	if !ok {
		controlError(w, http.StatusConflict, "the simulator runs on a real clock; only a fake clock can be advanced")
		return
	}
	if in.Seconds < 0 {
		controlError(w, http.StatusBadRequest, "time only moves forward")
		return
	}
	fc.Advance(time.Duration(in.Seconds * float64(time.Second)))
	done(w)
}

// decodeControl reads a JSON body into in, answering 400 on failure. An
// empty body leaves in as it is.
func decodeControl(w http.ResponseWriter, r *http.Request, in any) bool {
	err := json.NewDecoder(r.Body).Decode(in)
	if err != nil && err.Error() != "EOF" {
		controlError(w, http.StatusBadRequest, "bad JSON body: "+err.Error())
		return false
	}
	return true
}

func done(w http.ResponseWriter) { w.WriteHeader(http.StatusNoContent) }

func controlError(w http.ResponseWriter, status int, msg string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(map[string]string{"error": msg})
}

func (s *Sim) controlFailTasks(w http.ResponseWriter, r *http.Request) {
	var in struct {
		Account  string `json:"account"`
		Region   string `json:"region"`
		Service  string `json:"service"`
		Reason   string `json:"reason"`
		ExitCode int    `json:"exit_code"`
	}
	if !decodeControl(w, r, &in) {
		return
	}
	if in.Account == "" || in.Region == "" || in.Service == "" || in.Reason == "" {
		controlError(w, http.StatusBadRequest, "fail-tasks needs account, region, service (ARN, name or STACK/LOGICAL-ID) and reason")
		return
	}
	if err := s.FailTasks(in.Account, in.Region, in.Service, in.Reason, in.ExitCode); err != nil {
		controlError(w, http.StatusNotFound, err.Error())
		return
	}
	done(w)
}

func (s *Sim) controlFailExecutions(w http.ResponseWriter, r *http.Request) {
	var in struct {
		Account      string `json:"account"`
		Region       string `json:"region"`
		StateMachine string `json:"state_machine"`
		Error        string `json:"error"`
		Cause        string `json:"cause"`
	}
	if !decodeControl(w, r, &in) {
		return
	}
	if in.Account == "" || in.Region == "" || in.StateMachine == "" {
		controlError(w, http.StatusBadRequest, "fail-executions needs account, region, state_machine (ARN, name or STACK/LOGICAL-ID), and error (empty: succeed again)")
		return
	}
	if err := s.FailExecutions(in.Account, in.Region, in.StateMachine, in.Error, in.Cause); err != nil {
		controlError(w, http.StatusNotFound, err.Error())
		return
	}
	done(w)
}

func (s *Sim) controlNextRun(w http.ResponseWriter, r *http.Request) {
	var in struct {
		ExitCode *int     `json:"exit_code"`
		Log      []string `json:"log"`
	}
	if !decodeControl(w, r, &in) {
		return
	}
	if in.ExitCode == nil || *in.ExitCode < 0 || *in.ExitCode > 255 {
		controlError(w, http.StatusBadRequest, "next-run needs exit_code (0 to 255) and optionally log, the lines the task writes")
		return
	}
	s.QueueRun(*in.ExitCode, in.Log)
	done(w)
}

func (s *Sim) controlSetAlarmState(w http.ResponseWriter, r *http.Request) {
	var in struct {
		Account, Region, Alarm, State, Reason string
	}
	if !decodeControl(w, r, &in) {
		return
	}
	if in.Account == "" || in.Region == "" || in.Alarm == "" || in.State == "" || in.Reason == "" {
		controlError(w, http.StatusBadRequest, "set-alarm-state needs account, region, alarm (its name), state (OK, ALARM or INSUFFICIENT_DATA) and reason")
		return
	}
	if err := s.SetAlarmState(in.Account, in.Region, in.Alarm, in.State, in.Reason); err != nil {
		controlError(w, http.StatusNotFound, err.Error())
		return
	}
	done(w)
}
