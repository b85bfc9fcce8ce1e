package drift

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudformation"
	cfntypes "github.com/aws/aws-sdk-go-v2/service/cloudformation/types"

	"flightplan/addr"
	"flightplan/cloud"
	"flightplan/planner"
)

// cfnDriftAPI is the part of CloudFormation that drift detection calls.
type cfnDriftAPI interface {
	DetectStackDrift(context.Context, *cloudformation.DetectStackDriftInput, ...func(*cloudformation.Options)) (*cloudformation.DetectStackDriftOutput, error)
	DescribeStackDriftDetectionStatus(context.Context, *cloudformation.DescribeStackDriftDetectionStatusInput, ...func(*cloudformation.Options)) (*cloudformation.DescribeStackDriftDetectionStatusOutput, error)
	DescribeStackResourceDrifts(context.Context, *cloudformation.DescribeStackResourceDriftsInput, ...func(*cloudformation.Options)) (*cloudformation.DescribeStackResourceDriftsOutput, error)
}

var _ cfnDriftAPI = (*cloudformation.Client)(nil)

// stackCheck is one live stack to run CloudFormation's detection on.
type stackCheck struct {
	addr addr.Address
	live *planner.LiveStack
	api  cfnDriftAPI // budgeted
}

// stackResult is what one stack's detection found.
type stackResult struct {
	findings []*Finding
	note     string
	err      error
}

// detectStack runs drift detection on one stack: start it, wait for it,
// and read the resources that drifted (none is read when none did).
func detectStack(ctx context.Context, c stackCheck, o Options) stackResult {
	tctx, cancel := context.WithTimeout(ctx, o.StackTimeout)
	defer cancel()
	id := aws.String(c.live.ID)
	started, err := c.api.DetectStackDrift(tctx, &cloudformation.DetectStackDriftInput{StackName: id})
	if err != nil {
		return stackResult{err: fmt.Errorf("starting drift detection on stack %s: %w", c.live.Name, cloud.Unwrap(err))}
	}
	status, err := waitDetection(tctx, c.api, started.StackDriftDetectionId, o.PollInterval)
	if err != nil {
		return stackResult{err: detectionError(ctx, c.live, o.StackTimeout, err)}
	}
	var res stackResult
	if status.DetectionStatus == cfntypes.StackDriftDetectionStatusDetectionFailed {
		res.note = fmt.Sprintf("stack %s: CloudFormation could not check every resource: %s", c.live.Name, aws.ToString(status.DetectionStatusReason))
	} else if aws.ToInt32(status.DriftedStackResourceCount) == 0 && status.StackDriftStatus == cfntypes.StackDriftStatusInSync {
		return res
	}
	drifts, err := resourceDrifts(tctx, c.api, id)
	if err != nil {
		res.err = fmt.Errorf("reading the drifted resources of stack %s: %w", c.live.Name, cloud.Unwrap(err))
		return res
	}
	for _, d := range drifts {
		res.findings = append(res.findings, resourceFindings(c, d)...)
	}
	return res
}

// waitDetection polls a detection until it is no longer in progress,
// waiting interval first and half again as long each time, up to eight
// times interval.
func waitDetection(ctx context.Context, api cfnDriftAPI, id *string, interval time.Duration) (*cloudformation.DescribeStackDriftDetectionStatusOutput, error) {
	wait, limit := interval, 8*interval
	for {
		if err := cloud.Sleep(ctx, wait); err != nil {
			return nil, err
		}
		out, err := api.DescribeStackDriftDetectionStatus(ctx, &cloudformation.DescribeStackDriftDetectionStatusInput{StackDriftDetectionId: id})
		if err != nil {
			return nil, err
		}
		if out.DetectionStatus != cfntypes.StackDriftDetectionStatusDetectionInProgress {
			return out, nil
		}
		wait = min(wait+wait/2, limit)
	}
}

// detectionError says why a detection did not finish: the stack's own
// timeout, or the service's message.
func detectionError(parent context.Context, st *planner.LiveStack, timeout time.Duration, err error) error {
	if errors.Is(err, context.DeadlineExceeded) && parent.Err() == nil {
		return fmt.Errorf("drift detection of stack %s did not finish within %s", st.Name, timeout)
	}
	return fmt.Errorf("waiting for drift detection of stack %s: %w", st.Name, cloud.Unwrap(err))
}

// resourceDrifts reads every MODIFIED or DELETED resource of a stack's last
// detection, page by page.
func resourceDrifts(ctx context.Context, api cfnDriftAPI, id *string) ([]cfntypes.StackResourceDrift, error) {
	var out []cfntypes.StackResourceDrift
	pages := cloudformation.NewDescribeStackResourceDriftsPaginator(api, &cloudformation.DescribeStackResourceDriftsInput{
		StackName: id,
		StackResourceDriftStatusFilters: []cfntypes.StackResourceDriftStatus{
			cfntypes.StackResourceDriftStatusModified, cfntypes.StackResourceDriftStatusDeleted},
	})
	for pages.HasMorePages() {
		page, err := pages.NextPage(ctx)
		if err != nil {
			return nil, err
		}
		out = append(out, page.StackResourceDrifts...)
	}
	return out, nil
}

// resourceFindings turns one resource's drift into findings: one per
// property difference of a modified resource, one for a deleted resource.
func resourceFindings(c stackCheck, d cfntypes.StackResourceDrift) []*Finding {
	base := stackFinding(c.addr, ResourceModified, c.live)
	base.Status = ""
	base.LogicalID, base.PhysicalID = aws.ToString(d.LogicalResourceId), aws.ToString(d.PhysicalResourceId)
	base.ResourceType = aws.ToString(d.ResourceType)
	if d.StackResourceDriftStatus == cfntypes.StackResourceDriftStatusDeleted {
		base.Kind = ResourceDeleted
		base.Detail = fmt.Sprintf("resource %s (%s) of stack %s was deleted outside CloudFormation", base.LogicalID, base.ResourceType, c.live.Name)
		base.Fix = "recreate it by hand or with a CloudFormation resource import; until then an update that touches it fails"
		return []*Finding{base}
	}
	base.Detail = fmt.Sprintf("resource %s (%s) of stack %s was changed outside CloudFormation", base.LogicalID, base.ResourceType, c.live.Name)
	base.Fix = "run flightplan apply --revert-drift to put the expected value back (a plain apply of an unchanged template does not revert drift), or put the actual value in the file and apply"
	if len(d.PropertyDifferences) == 0 {
		return []*Finding{base}
	}
	out := make([]*Finding, 0, len(d.PropertyDifferences))
	for _, p := range d.PropertyDifferences {
		f := *base
		f.Path = propertyPath(aws.ToString(p.PropertyPath))
		f.Difference = string(p.DifferenceType)
		if p.DifferenceType != cfntypes.DifferenceTypeAdd {
			f.Expected = decodeJSON(aws.ToString(p.ExpectedValue))
		}
		if p.DifferenceType != cfntypes.DifferenceTypeRemove {
			f.Actual = decodeJSON(aws.ToString(p.ActualValue))
		}
		out = append(out, &f)
	}
	return out
}

// propertyPath turns CloudFormation's JSON pointer ("/Tags/2/Value") into
// the path form plans use ("Properties.Tags[2].Value").
func propertyPath(pointer string) string {
	var b strings.Builder
	b.WriteString("Properties")
	for _, seg := range strings.Split(strings.TrimPrefix(pointer, "/"), "/") {
		seg = strings.ReplaceAll(strings.ReplaceAll(seg, "~1", "/"), "~0", "~")
		if _, err := strconv.Atoi(seg); err == nil {
			b.WriteString("[" + seg + "]")
		} else if seg != "" {
			b.WriteString("." + seg)
		}
	}
	return b.String()
}
