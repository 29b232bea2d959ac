// poe-minio-admin gives the documents service its own MinIO user, limited to its bucket and key
// prefixes, so the service never holds the root credentials. Idempotent: run by
// scripts/infra/up.sh on every start. Built from this module (the MinIO pin), so it needs no
// download beyond the server's own.
//
//	MINIO_ENDPOINT=127.0.0.1:9000 MINIO_ROOT_USER=... MINIO_ROOT_PASSWORD=... \
//	  poe-minio-admin <bucket> <user> <secret> <prefix>...
package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"time"

	"github.com/minio/madmin-go/v3"
	"github.com/minio/minio-go/v7"
	"github.com/minio/minio-go/v7/pkg/credentials"
)

func policy(bucket string, prefixes []string) ([]byte, error) {
	objects := make([]string, 0, len(prefixes))
	for _, p := range prefixes {
		objects = append(objects, fmt.Sprintf("arn:aws:s3:::%s/%s*", bucket, p))
	}
	return json.Marshal(map[string]any{
		"Version": "2012-10-17",
		"Statement": []map[string]any{
			{
				"Effect":   "Allow",
				"Action":   []string{"s3:GetBucketLocation", "s3:ListBucket", "s3:ListBucketMultipartUploads"},
				"Resource": []string{"arn:aws:s3:::" + bucket},
			},
			{
				"Effect": "Allow",
				"Action": []string{
					"s3:GetObject", "s3:PutObject", "s3:DeleteObject",
					"s3:AbortMultipartUpload", "s3:ListMultipartUploadParts",
				},
				"Resource": objects,
			},
		},
	})
}

func run() error {
	if len(os.Args) < 5 {
		return fmt.Errorf("usage: poe-minio-admin <bucket> <user> <secret> <prefix>...")
	}
	bucket, user, secret, prefixes := os.Args[1], os.Args[2], os.Args[3], os.Args[4:]
	endpoint, root, rootPassword := os.Getenv("MINIO_ENDPOINT"), os.Getenv("MINIO_ROOT_USER"), os.Getenv("MINIO_ROOT_PASSWORD")
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()

	s3, err := minio.New(endpoint, &minio.Options{Creds: credentials.NewStaticV4(root, rootPassword, "")})
	if err != nil {
		return err
	}
	exists, err := s3.BucketExists(ctx, bucket)
	if err != nil {
		return fmt.Errorf("bucket %s: %w", bucket, err)
	}
	if !exists {
		if err := s3.MakeBucket(ctx, bucket, minio.MakeBucketOptions{Region: "us-east-1"}); err != nil {
			return fmt.Errorf("making bucket %s: %w", bucket, err)
		}
	}

	admin, err := madmin.New(endpoint, root, rootPassword, false)
	if err != nil {
		return err
	}
	doc, err := policy(bucket, prefixes)
	if err != nil {
		return err
	}
	name := user + "-policy"
	if err := admin.AddCannedPolicy(ctx, name, doc); err != nil {
		return fmt.Errorf("policy %s: %w", name, err)
	}
	if err := admin.AddUser(ctx, user, secret); err != nil {
		return fmt.Errorf("user %s: %w", user, err)
	}
	if err := admin.SetPolicy(ctx, name, user, false); err != nil {
		return fmt.Errorf("attaching %s to %s: %w", name, user, err)
	}
	return nil
}

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "poe-minio-admin:", err)
		os.Exit(1)
	}
}
