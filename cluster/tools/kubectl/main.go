// kubectl for the embedded cluster's checks and for users: k8s.io/kubectl is a library, so this
// is the small main that Kubernetes' own cmd/kubectl has.
package main

import (
	"os"

	"k8s.io/kubectl/pkg/cmd"
	"k8s.io/kubectl/pkg/cmd/util"
)

func main() {
	command := cmd.NewDefaultKubectlCommand()
	if err := command.Execute(); err != nil {
		util.CheckErr(err)
		os.Exit(1)
	}
}
