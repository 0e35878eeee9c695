//go:build ignore

// Run by scaleproof's tool build before `go build`, in the build directory (a copy of a wrapper
// module), when the module carries a prepare.json. It reads what the build needs from the upstream
// module's source without keeping any of that source in this repository:
//
//   - edits: an upstream program binds a listener on every interface with no flag for its address,
//     and scaleproof binds every socket it starts to loopback. Each edit changes one expression of
//     one file to read the host from an environment variable (unset: every interface, as upstream).
//     The upstream module is copied from Go's module cache into ./.prepare (removed after the
//     build), changed there, and this module's requirement is pointed at the copy with a replace
//     directive (go build -overlay may not replace files in the module cache). A version whose file
//     no longer has the expression exactly once stops the build here, so a bump cannot silently
//     lose the change.
//   - manifests: the release's own manifests of that version (CRDs, RBAC, webhooks), directories of
//     the module, are copied into ./manifests under the same paths, so they are cached with the
//     binaries.
//   - files: other files a program expects beside it, as its release image carries them (Argo CD's
//     repo server runs hack/git-verify-wrapper.sh from its PATH): copied next to the binaries,
//     executable.
//
// prepare.json: {"module": "...", "edits": [{"file", "from", "to"}], "manifests": ["config/crd/bases", ...],
// "files": ["hack/..."]}
package main

import (
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

type edit struct {
	File string `json:"file"`
	From string `json:"from"`
	To   string `json:"to"`
}

type preparation struct {
	Module    string   `json:"module"`
	Edits     []edit   `json:"edits"`
	Manifests []string `json:"manifests"`
	Files     []string `json:"files"`
}

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "prepare:", err)
		os.Exit(1)
	}
}

func run() error {
	text, err := os.ReadFile("prepare.json")
	if err != nil {
		return err
	}
	var p preparation
	if err := json.Unmarshal(text, &p); err != nil {
		return fmt.Errorf("prepare.json: %v", err)
	}
	if out, err := exec.Command("go", "mod", "download", p.Module).CombinedOutput(); err != nil {
		return fmt.Errorf("go mod download %s: %v: %s", p.Module, err, out)
	}
	out, err := exec.Command("go", "list", "-m", "-f", "{{.Dir}}", p.Module).Output()
	if err != nil {
		return fmt.Errorf("go list -m %s: %v", p.Module, err)
	}
	dir := strings.TrimSpace(string(out))
	wd, err := os.Getwd()
	if err != nil {
		return err
	}
	if len(p.Edits) > 0 {
		if err := applyEdits(p, dir, wd); err != nil {
			return err
		}
	}
	for _, file := range p.Files {
		data, err := os.ReadFile(filepath.Join(dir, file))
		if err != nil {
			return err
		}
		if err := os.WriteFile(filepath.Join(wd, filepath.Base(file)), data, 0o755); err != nil {
			return err
		}
	}
	for _, sub := range p.Manifests {
		if err := copyYaml(filepath.Join(dir, sub), filepath.Join(wd, "manifests", sub)); err != nil {
			return err
		}
	}
	return nil
}

func applyEdits(p preparation, dir, wd string) error {
	copied := filepath.Join(wd, ".prepare", "upstream")
	if err := copyTree(dir, copied); err != nil {
		return err
	}
	for _, e := range p.Edits {
		source := filepath.Join(copied, e.File)
		text, err := os.ReadFile(source)
		if err != nil {
			return err
		}
		if n := strings.Count(string(text), e.From); n != 1 {
			return fmt.Errorf("%s of %s: expected %q once, found it %d times", e.File, p.Module, e.From, n)
		}
		if err := os.WriteFile(source, []byte(strings.Replace(string(text), e.From, e.To, 1)), 0o644); err != nil {
			return err
		}
	}
	if out, err := exec.Command("go", "mod", "edit", "-replace="+p.Module+"=./.prepare/upstream").CombinedOutput(); err != nil {
		return fmt.Errorf("go mod edit: %v: %s", err, out)
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
