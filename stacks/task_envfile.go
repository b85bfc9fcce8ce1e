package stacks

import (
	"crypto/sha256"
	"fmt"
	"path"
	"slices"
	"strings"

	"flightplan/addr"
)

// The region stack's outputs that an env file needs: the artifact bucket
// it is uploaded to and the KMS key that encrypts it.
const (
	outArtifactBucket = "PipelineBucket"
	outArtifactKey    = "KMSKeyARN"
)

// envFileKey is where a file's content goes in the artifact bucket,
// Copilot's layout: manual/env-files/NAME/SHA256.env.
func envFileKey(name, content string) string {
	return path.Join("manual", "env-files", path.Base(name), fmt.Sprintf("%x.env", sha256.Sum256([]byte(content))))
}

// envFileARN is the S3 ARN of the main container's env file, nil for none.
// A file of the configuration is uploaded (ws.uploads) and named by the
// bucket's name, a parameter read from the region stack's outputs.
func (ws *workloadStack) envFileARN() any {
	ef := ws.deployment.EnvFile
	switch {
	case ef == nil:
		return nil
	case ef.ARN != "":
		return ef.ARN
	}
	key := envFileKey(ef.Path, ef.Content)
	bucket := ws.regionInput("ArtifactBucketName", "The name of the app's artifact bucket in this region.", outArtifactBucket)
	if !slices.ContainsFunc(ws.uploads, func(u Upload) bool { return u.Key == key }) {
		ws.uploads = append(ws.uploads, Upload{From: addr.Region(ws.env.Region), Output: outArtifactBucket, Key: key, Body: ef.Content})
	}
	return join("", "arn:"+partition(ws.env.Region)+":s3:::", ref(bucket), "/"+key)
}

// regionInput adds, once, a parameter read from an output of the region's
// stack.
func (ws *workloadStack) regionInput(param, description, output string) string {
	for _, in := range ws.inputs {
		if in.Parameter == param {
			return param
		}
	}
	ws.template.param(param, description)
	ws.inputs = append(ws.inputs, Input{Parameter: param, From: addr.Region(ws.env.Region), Output: output})
	return param
}

// envFileStatements let the execution role read the env file (and find
// its bucket's region, which ECS asks); an uploaded file is encrypted with
// the artifact key, which the role may then decrypt with.
func (ws *workloadStack) envFileStatements() []obj {
	arn := ws.envFileARN()
	if arn == nil {
		return nil
	}
	stmts := []obj{allow([]string{"s3:GetObject"}, list{arn})}
	if s, ok := arn.(string); ok {
		bucket, _, _ := strings.Cut(s, "/")
		return append(stmts, allow([]string{"s3:GetBucketLocation"}, list{bucket}))
	}
	bucket := ref("ArtifactBucketName")
	stmts = append(stmts, allow([]string{"s3:GetBucketLocation"}, list{join("", "arn:"+partition(ws.env.Region)+":s3:::", bucket)}))
	key := ws.regionInput("ArtifactKeyARN", "The ARN of the KMS key of the app's artifact bucket in this region.", outArtifactKey)
	return append(stmts, allow([]string{"kms:Decrypt"}, list{ref(key)}))
}
