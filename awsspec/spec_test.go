package awsspec

import (
	"bufio"
	"os"
	"strings"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestLoadHasEveryListedType(t *testing.T) {
	f, err := os.Open("types.txt")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	s := Load()
	n := 0
	for sc := bufio.NewScanner(f); sc.Scan(); {
		typ := strings.TrimSpace(sc.Text())
		if typ == "" || strings.HasPrefix(typ, "#") {
			continue
		}
		n++
		if _, ok := s.Resource(typ); !ok {
			t.Errorf("embedded spec lacks %s", typ)
		}
	}
	sup, err := decodeSpec(supplementJSON)
	if err != nil {
		t.Fatal(err)
	}
	if got := len(s.Types()); got != n+len(sup.raw) {
		t.Errorf("spec has %d types, types.txt lists %d and supplement.json %d", got, n, len(sup.raw))
	}
}

func TestLoadConcurrent(t *testing.T) {
	var wg sync.WaitGroup
	specs := make([]*Spec, 8)
	for i := range specs {
		wg.Add(1)
		go func() { defer wg.Done(); specs[i] = Load() }()
	}
	wg.Wait()
	for _, s := range specs {
		if s != specs[0] {
			t.Fatal("Load returned different specs")
		}
	}
}

func TestVersion(t *testing.T) {
	if got, want := Load().Version(), "@aws-cdk/aws-service-spec@0.1.216"; got != want {
		t.Errorf("Version() = %q, want %q", got, want)
	}
}

func TestResourceFacts(t *testing.T) {
	s := Load()
	vpc, _ := s.Resource("AWS::EC2::VPC")
	if got := vpc.Properties["CidrBlock"].Type; got.Kind != "primitive" || got.Primitive != "String" {
		t.Errorf("VPC CidrBlock type = %+v", got)
	}
	if got := vpc.Properties["Tags"].Type.String(); got != "List of Tag" {
		t.Errorf("VPC Tags type = %s", got)
	}
	db, _ := s.Resource("AWS::RDS::DBCluster")
	for _, attr := range []string{"Endpoint.Address", "Endpoint.Port", "DBClusterArn"} {
		if _, ok := db.Attributes[attr]; !ok {
			t.Errorf("DBCluster lacks attribute %s", attr)
		}
	}
	param, _ := s.Resource("AWS::SSM::Parameter")
	if !param.Properties["Type"].Required || !param.Properties["Value"].Required {
		t.Error("SSM Parameter Type and Value should be required")
	}
	if _, ok := s.Resource("AWS::Nope::Nope"); ok {
		t.Error("unknown type found")
	}
}

func TestObject(t *testing.T) {
	s := Load()
	props, ok := s.Object("AWS::ECS::Service", "LoadBalancer")
	if !ok {
		t.Fatal("ECS Service has no LoadBalancer type")
	}
	if got := props["ContainerPort"].Type.Primitive; got != "Integer" {
		t.Errorf("LoadBalancer.ContainerPort = %s, want Integer", got)
	}
	tag, ok := s.Object("AWS::EC2::VPC", "Tag")
	if !ok || !tag["Key"].Required || !tag["Value"].Required {
		t.Errorf("VPC Tag type = %v", tag)
	}
	if _, ok := s.Object("AWS::Nope::Nope", "Tag"); ok {
		t.Error("Object of an unknown type found")
	}
}

func TestReplaces(t *testing.T) {
	tests := map[string]struct {
		typ  string
		path []string
		want bool
	}{
		"vpc cidr":                {"AWS::EC2::VPC", []string{"CidrBlock"}, true},
		"vpc dns hostnames":       {"AWS::EC2::VPC", []string{"EnableDnsHostnames"}, false},
		"service desired count":   {"AWS::ECS::Service", []string{"DesiredCount"}, false},
		"service name":            {"AWS::ECS::Service", []string{"Properties", "ServiceName"}, true},
		"target group port":       {"AWS::ElasticLoadBalancingV2::TargetGroup", []string{"Port"}, true},
		"target group health":     {"AWS::ElasticLoadBalancingV2::TargetGroup", []string{"HealthCheckPath"}, false},
		"log group name":          {"AWS::Logs::LogGroup", []string{"LogGroupName"}, true},
		"log group retention":     {"AWS::Logs::LogGroup", []string{"RetentionInDays"}, false},
		"ecr repository name":     {"AWS::ECR::Repository", []string{"RepositoryName"}, true},
		"task definition nested":  {"AWS::ECS::TaskDefinition", []string{"ContainerDefinitions", "0", "Image"}, true},
		"service nested no":       {"AWS::ECS::Service", []string{"LoadBalancers", "0", "ContainerPort"}, false},
		"unknown property":        {"AWS::EC2::VPC", []string{"Nope"}, false},
		"unknown type":            {"AWS::Nope::Nope", []string{"CidrBlock"}, false},
		"empty path":              {"AWS::EC2::VPC", nil, false},
		"dbcluster engine maybe":  {"AWS::RDS::DBCluster", []string{"Engine"}, false},
		"dbcluster storage crypt": {"AWS::RDS::DBCluster", []string{"StorageEncrypted"}, true},
	}
	s := Load()
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			if got := s.Replaces(tc.typ, tc.path); got != tc.want {
				t.Errorf("Replaces(%s, %v) = %v, want %v", tc.typ, tc.path, got, tc.want)
			}
		})
	}
	if !s.MayReplace("AWS::RDS::DBCluster", []string{"Engine"}) {
		t.Error("DBCluster Engine should maybe replace")
	}
}

func TestParseType(t *testing.T) {
	tests := map[string]string{
		"String":                        "String",
		"List<String>":                  "List of String",
		"Map<List<Integer>>":            "Map of List of Integer",
		"LoadBalancer":                  "LoadBalancer",
		"Union<Json,String>":            "Json or String",
		"List<Union<Boolean,String>>":   "List of Boolean or String",
		"Map<Union<Json,List<String>>>": "Map of Json or List of String",
	}
	for in, want := range tests {
		t.Run(in, func(t *testing.T) {
			typ, err := parseType(in)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(want, typ.String()); diff != "" {
				t.Error(diff)
			}
		})
	}
	for _, bad := range []string{"", "List<String", "List<>", "List<A,B>", "Union<A>", "String>"} {
		if _, err := parseType(bad); err == nil {
			t.Errorf("parseType(%q) succeeded", bad)
		}
	}
}

func TestProblemString(t *testing.T) {
	if got := (Problem{Path: "Resources.A", Message: "bad"}).String(); got != "Resources.A: bad" {
		t.Errorf("got %q", got)
	}
	if got := (Problem{Message: "bad"}).String(); got != "bad" {
		t.Errorf("got %q", got)
	}
}

// TestEveryTypeDecodes decodes every resource type of the embedded spec:
// types are decoded on first use, so a corrupt one would otherwise only
// show when a template uses it.
func TestEveryTypeDecodes(t *testing.T) {
	s, err := decodeSpec(specJSON)
	if err != nil {
		t.Fatal(err)
	}
	types := s.Types()
	if len(types) == 0 {
		t.Fatalf("the spec lists %d resource types", len(types))
	}
	for _, typ := range types {
		if _, err := decodeRaw(typ, s.raw[typ]); err != nil {
			t.Errorf("%s: %v", typ, err)
		}
	}
}

// BenchmarkLoadSpec is the spec's share of a command's start-up: reading
// its index and decoding the types one plan uses.
func BenchmarkLoadSpec(b *testing.B) {
	for b.Loop() {
		s, err := decodeSpec(specJSON)
		if err != nil {
			b.Fatal(err)
		}
		for _, typ := range []string{"AWS::ECS::Service", "AWS::ECS::TaskDefinition", "AWS::IAM::Role", "AWS::Logs::LogGroup",
			"AWS::ElasticLoadBalancingV2::TargetGroup", "AWS::ElasticLoadBalancingV2::ListenerRule", "AWS::EC2::SecurityGroup"} {
			if _, ok := s.Resource(typ); !ok {
				b.Fatalf("no %s", typ)
			}
		}
	}
}
