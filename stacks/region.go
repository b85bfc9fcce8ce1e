package stacks

import (
	"flightplan/addr"
)

// regionNode is the app's stack in one region that has an environment:
// the artifact key and bucket and one ECR repository per built image. It
// lives in the app's account.
func (c *compiler) regionNode(region string) *Node {
	n := c.appHome(addr.Region(region))
	n.Region = region
	n.Stack = &Stack{
		Name:     regionStackName(c.cfg.App.Name, region),
		Template: c.regionTemplate(region).json(),
		Tags:     c.appTags(),
	}
	n.DependsOn = []addr.Address{addr.App()}
	return n
}

func (c *compiler) regionTemplate(region string) *template {
	app := c.cfg.App
	t := newTemplate("flightplan: regional resources of " + app.Name + " in " + region + ".")
	envRoots := c.envRoots(region)
	c.artifactKey(t, region, envRoots)
	artifactBucket(t, app.Name, envRoots)
	for _, img := range c.cfg.Images {
		if img.Build == nil {
			continue
		}
		id := "ECRRepo" + logicalID(img.Name)
		repo := obj{
			"RepositoryName":             repoName(app.Name, img.Name),
			"ImageScanningConfiguration": obj{"ScanOnPush": true},
			"EmptyOnDelete":              true,
		}
		if len(envRoots) > 0 {
			repo["RepositoryPolicyText"] = policyDoc(obj{
				"Sid":       "AllowPullFromEnvironments",
				"Effect":    "Allow",
				"Principal": awsPrincipal(envRoots),
				"Action":    strs([]string{"ecr:BatchCheckLayerAvailability", "ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"}),
			})
		}
		t.add(id, "AWS::ECR::Repository", repo)
		t.output(id, getAtt(id, "RepositoryUri"), "")
	}
	return t
}

// envRoots lists the root principals of the accounts of the environments
// in a region: they pull images and read artifacts.
func (c *compiler) envRoots(region string) list {
	var l list
	for _, acct := range c.envAccounts(region) {
		l = append(l, accountRoot(region, acct))
	}
	return l
}

// artifactKey adds the KMS key (rotated) that encrypts the artifact bucket,
// usable by the app account and readable by the environment accounts.
func (c *compiler) artifactKey(t *template, region string, envRoots list) {
	app := c.cfg.App
	stmts := []any{obj{"Sid": "AllowAppAccount", "Effect": "Allow", "Principal": awsPrincipal(accountRoot(region, app.Account)),
		"Action": "kms:*", "Resource": "*"}}
	if len(envRoots) > 0 {
		stmts = append(stmts, obj{"Sid": "AllowEnvironmentsToDecrypt", "Effect": "Allow", "Principal": awsPrincipal(envRoots),
			"Action": strs([]string{"kms:Decrypt", "kms:DescribeKey"}), "Resource": "*"})
	}
	t.add("ArtifactKey", "AWS::KMS::Key", obj{
		"Description":       "flightplan: encrypts the artifacts of " + app.Name + " in " + region,
		"EnableKeyRotation": true,
		"KeyPolicy":         policyDoc(stmts...),
	})
	t.add("ArtifactKeyAlias", "AWS::KMS::Alias", obj{
		"AliasName":   "alias/" + app.Name + "-artifact-key",
		"TargetKeyId": ref("ArtifactKey"),
	})
	t.output("KMSKeyARN", getAtt("ArtifactKey", "Arn"), artifactKeyExport(app.Name))
}

// The region stack exports its artifact bucket and key, per region, for
// the pipelines (which import those of the app's region).
func artifactBucketExport(app string) string { return app + "-ArtifactBucket" }
func artifactKeyExport(app string) string    { return app + "-ArtifactKey" }

// artifactBucket adds the versioned, KMS-encrypted, private, TLS-only
// artifact bucket. The environment accounts may read its objects: the
// templates over CloudFormation's inline limit that apply uploads there
// (executor/template_url.go), which CloudFormation reads as the caller.
func artifactBucket(t *template, app string, envRoots list) {
	t.add("ArtifactBucket", "AWS::S3::Bucket", obj{
		"VersioningConfiguration": obj{"Status": "Enabled"},
		"BucketEncryption": obj{"ServerSideEncryptionConfiguration": mkList(obj{
			"ServerSideEncryptionByDefault": obj{"SSEAlgorithm": "aws:kms", "KMSMasterKeyID": getAtt("ArtifactKey", "Arn")},
		})},
		"PublicAccessBlockConfiguration": obj{
			"BlockPublicAcls": true, "BlockPublicPolicy": true, "IgnorePublicAcls": true, "RestrictPublicBuckets": true,
		},
	})
	stmts := []any{obj{
		"Sid":       "ForceHTTPS",
		"Effect":    "Deny",
		"Principal": "*",
		"Action":    "s3:*",
		"Resource":  mkList(getAtt("ArtifactBucket", "Arn"), join("", getAtt("ArtifactBucket", "Arn"), "/*")),
		"Condition": obj{"Bool": obj{"aws:SecureTransport": "false"}},
	}}
	if len(envRoots) > 0 {
		stmts = append(stmts, obj{
			"Sid":       "AllowEnvironmentsToRead",
			"Effect":    "Allow",
			"Principal": awsPrincipal(envRoots),
			"Action":    "s3:GetObject",
			"Resource":  join("", getAtt("ArtifactBucket", "Arn"), "/*"),
		})
	}
	t.add("ArtifactBucketPolicy", "AWS::S3::BucketPolicy", obj{
		"Bucket":         ref("ArtifactBucket"),
		"PolicyDocument": policyDoc(stmts...),
	})
	t.output("PipelineBucket", ref("ArtifactBucket"), artifactBucketExport(app))
}
