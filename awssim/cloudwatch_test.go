package awssim_test

import (
	"context"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudformation"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch"
	cwtypes "github.com/aws/aws-sdk-go-v2/service/cloudwatch/types"

	"flightplan/awssim/awssimtest"
)

const alarmTemplate = `Resources:
  CPU:
    Type: AWS::CloudWatch::Alarm
    Properties: {AlarmName: shop-test-api-CopilotRollbackCPUAlarm, MetricName: CPUUtilization, Namespace: AWS/ECS, Statistic: Average, Period: 60, EvaluationPeriods: 2, Threshold: 70, ComparisonOperator: GreaterThanThreshold}
  Memory:
    Type: AWS::CloudWatch::Alarm
    Properties: {AlarmName: shop-test-api-CopilotRollbackMemAlarm, MetricName: MemoryUtilization, Namespace: AWS/ECS, Statistic: Average, Period: 60, EvaluationPeriods: 2, Threshold: 80, ComparisonOperator: GreaterThanThreshold}
`

// TestCloudWatchAlarms: a stack's alarms are OK until their state is set;
// DescribeAlarms reads them by name and state through the real client.
func TestCloudWatchAlarms(t *testing.T) {
	ctx := context.Background()
	ts := awssimtest.Start(t)
	cf := cloudformation.NewFromConfig(ts.Config(testAccount, "us-east-1"))
	createStack(t, cf, "shop-test-api", alarmTemplate)
	c := cloudwatch.NewFromConfig(ts.Config(testAccount, "us-east-1"))
	out, err := c.DescribeAlarms(ctx, &cloudwatch.DescribeAlarmsInput{AlarmNamePrefix: aws.String("shop-test-api-")})
	if err != nil {
		t.Fatal(err)
	}
	if len(out.MetricAlarms) != 2 || out.MetricAlarms[0].StateValue != cwtypes.StateValueOk || aws.ToFloat64(out.MetricAlarms[0].Threshold) != 70 {
		t.Fatalf("alarms = %+v; want both, OK", out.MetricAlarms)
	}
	if _, err := c.SetAlarmState(ctx, &cloudwatch.SetAlarmStateInput{AlarmName: aws.String("shop-test-api-CopilotRollbackCPUAlarm"),
		StateValue: cwtypes.StateValueAlarm, StateReason: aws.String("Threshold Crossed: 2 datapoints were greater than 70")}); err != nil {
		t.Fatal(err)
	}
	out, err = c.DescribeAlarms(ctx, &cloudwatch.DescribeAlarmsInput{StateValue: cwtypes.StateValueAlarm})
	if err != nil {
		t.Fatal(err)
	}
	if len(out.MetricAlarms) != 1 || aws.ToString(out.MetricAlarms[0].AlarmName) != "shop-test-api-CopilotRollbackCPUAlarm" ||
		!strings.HasPrefix(aws.ToString(out.MetricAlarms[0].StateReason), "Threshold Crossed") || out.MetricAlarms[0].StateUpdatedTimestamp.IsZero() {
		t.Errorf("alarms in ALARM = %+v; want the CPU one with its reason", out.MetricAlarms)
	}
	_, err = c.SetAlarmState(ctx, &cloudwatch.SetAlarmStateInput{AlarmName: aws.String("nope"), StateValue: cwtypes.StateValueAlarm, StateReason: aws.String("x")})
	if err == nil || !strings.Contains(err.Error(), "ResourceNotFound") {
		t.Errorf("unknown alarm: %v", err)
	}
}

// TestCloudWatchQuery: the Query protocol (the AWS SDK for Go v1 that
// Copilot uses) reads the same alarms, as XML.
func TestCloudWatchQuery(t *testing.T) {
	ts := awssimtest.Start(t)
	cf := cloudformation.NewFromConfig(ts.Config(testAccount, "us-east-1"))
	createStack(t, cf, "shop-test-api", alarmTemplate)
	if err := ts.SetAlarmState(testAccount, "us-east-1", "shop-test-api-CopilotRollbackMemAlarm", "ALARM", "Threshold Crossed"); err != nil {
		t.Fatal(err)
	}
	query := func(body string) (int, string) {
		req, err := http.NewRequest(http.MethodPost, ts.URL+"/", strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		req.Header.Set("Authorization", "AWS4-HMAC-SHA256 Credential=SIM"+testAccount+"/20260101/us-east-1/monitoring/aws4_request, SignedHeaders=host, Signature=0")
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	status, body := query("Action=DescribeAlarms&Version=2010-08-01&AlarmNames.member.1=shop-test-api-CopilotRollbackMemAlarm&AlarmNames.member.2=shop-test-api-CopilotRollbackCPUAlarm")
	for _, want := range []string{"<DescribeAlarmsResponse xmlns=\"http://monitoring.amazonaws.com/doc/2010-08-01/\"><DescribeAlarmsResult>",
		"<AlarmName>shop-test-api-CopilotRollbackMemAlarm</AlarmName>", "<StateValue>ALARM</StateValue>", "<StateValue>OK</StateValue>", "<StateUpdatedTimestamp>2026-"} {
		if status != 200 || !strings.Contains(body, want) {
			t.Errorf("DescribeAlarms = %d %s; want %s", status, body, want)
		}
	}
	if status, body := query("Action=SetAlarmState&Version=2010-08-01&AlarmName=nope&StateValue=ALARM&StateReason=x"); status != 404 || !strings.Contains(body, "<Code>ResourceNotFound</Code>") {
		t.Errorf("SetAlarmState of an unknown alarm = %d %s", status, body)
	}
}
