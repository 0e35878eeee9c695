// The etcd server of scaleproof's local backend: etcd's own entry point, under the name etcd.
package main

import (
	"os"

	"go.etcd.io/etcd/server/v3/etcdmain"
)

func main() {
	etcdmain.Main(os.Args)
}
