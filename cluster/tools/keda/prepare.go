//go:build ignore

// Run by scaleproof's tool build before `go build`, in the build directory (a copy of this
// module). It does two things:
//
//  1. The metrics adapter's own Prometheus listener binds every interface (":<port>"; KEDA 2.21.0
//     has no flag for its address), and scaleproof binds every socket it starts to loopback. So the
//     build compiles cmd/adapter/main.go with that one expression changed to read the host from
//     KEDA_ADAPTER_METRICS_HOST (unset: every interface, as upstream): it copies KEDA's module from
//     Go's module cache into ./.prepare (removed after the build), changes the expression there and
//     points this module's requirement at the copy with a replace directive (go build -overlay may
//     not replace files in the module cache). Nothing of KEDA's source is kept in this repository.
//     A KEDA version whose main.go no longer has the expression stops the build here, so a bump
//     cannot silently lose the change.
//  2. It copies KEDA's manifests of that version (the CRDs, the RBAC, the service account, the
//     namespace, the metrics server's RBAC) into ./manifests, so they are cached with the binaries.
package main

import (
	"io/fs"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

const module = "github.com/kedacore/keda/v2"

const upstream = `fmt.Sprintf(":%v", metricsAPIServerPort)`
const bound = `fmt.Sprintf("%v:%v", os.Getenv("KEDA_ADAPTER_METRICS_HOST"), metricsAPIServerPort)`

var manifests = []string{"crd/bases", "rbac", "service_account", "general", "metrics-server"}

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "prepare:", err)
		os.Exit(1)
	}
}

func run() error {
	if out, err := exec.Command("go", "mod", "download", module).CombinedOutput(); err != nil {
		return fmt.Errorf("go mod download %s: %v: %s", module, err, out)
	}
	out, err := exec.Command("go", "list", "-m", "-f", "{{.Dir}}", module).Output()
	if err != nil {
		return fmt.Errorf("go list -m %s: %v", module, err)
	}
	dir := strings.TrimSpace(string(out))

	source := filepath.Join(dir, "cmd", "adapter", "main.go")
	text, err := os.ReadFile(source)
	if err != nil {
		return err
	}
	if n := strings.Count(string(text), upstream); n != 1 {
		return fmt.Errorf("%s: expected the adapter's metrics listener %s once, found it %d times", source, upstream, n)
	}
	wd, err := os.Getwd()
	if err != nil {
		return err
	}
	copied := filepath.Join(wd, ".prepare", "keda")
	if err := copyTree(dir, copied); err != nil {
		return err
	}
	edited := filepath.Join(copied, "cmd", "adapter", "main.go")
	if err := os.WriteFile(edited, []byte(strings.Replace(string(text), upstream, bound, 1)), 0o644); err != nil {
		return err
	}
	if out, err := exec.Command("go", "mod", "edit", "-replace="+module+"=./.prepare/keda").CombinedOutput(); err != nil {
		return fmt.Errorf("go mod edit: %v: %s", err, out)
	}

	for _, sub := range manifests {
		from := filepath.Join(dir, "config", sub)
		to := filepath.Join(wd, "manifests", sub)
		if err := copyYaml(from, to); err != nil {
			return err
		}
	}
	return nil
}

func copyYaml(from, to string) error {
	entries, err := os.ReadDir(from)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(to, 0o755); err != nil {
		return err
	}
	for _, entry := range entries {
		if entry.IsDir() || !strings.HasSuffix(entry.Name(), ".yaml") || entry.Name() == "kustomization.yaml" {
			continue
		}
		data, err := os.ReadFile(filepath.Join(from, entry.Name()))
		if err != nil {
			return err
		}
		if err := os.WriteFile(filepath.Join(to, entry.Name()), data, 0o644); err != nil {
			return err
		}
	}
	return nil
}

// copyTree copies a module's files, writable (the module cache's are read-only).
func copyTree(from, to string) error {
	return filepath.WalkDir(from, func(path string, entry fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(from, path)
		if err != nil {
			return err
		}
		target := filepath.Join(to, rel)
		if entry.IsDir() {
			return os.MkdirAll(target, 0o755)
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		return os.WriteFile(target, data, 0o644)
	})
}
