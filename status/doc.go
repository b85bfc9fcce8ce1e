// Package status reads how the file's deployed services are doing, for
// `flightplan status`: per service and environment, its tasks (desired,
// running, pending), the deployment rolling out and how it ends, the
// tasks that stopped and why, and the latest events ECS recorded. A
// service is unhealthy when its deployment failed, when fewer tasks run
// than it wants with no deployment under way, when a target fails the
// load balancer's health checks, when one of its alarms is in ALARM, when
// its stack is in a failed state, or when it is in the file but not
// deployed; the command
// exits 2 then, for cron jobs and CI.
//
// It reads CloudFormation (the workload stack's status and its Service
// and alarm resources), ECS (DescribeServices, ListTasks and DescribeTasks
// for the stopped tasks), ELBv2 (DescribeTargetHealth) and CloudWatch
// (DescribeAlarms); for a job, Step Functions (its state machine's last
// executions: a job whose last finished run failed is unhealthy).
// Request-driven services report their stack only: App Runner's
// operations are not read yet.
package status
