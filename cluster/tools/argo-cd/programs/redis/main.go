// Command redis serves the Redis protocol on one address for Argo CD's caches, from the same
// in-memory server Argo CD's own core mode starts (github.com/alicebob/miniredis/v2), so the
// local backend needs no system Redis. Usage: redis <host:port>. Stops on SIGTERM or SIGINT.
//
// miniredis keeps a key's TTL until told that time passed (FastForward); a Redis server expires
// keys on the clock. Argo CD relies on that: its repo server caches a repository's references for
// --revision-cache-expiration, and a reference that never expires hides every new commit. So the
// server is told the time that passed, every 100 ms.
package main

import (
	"fmt"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/alicebob/miniredis/v2"
)

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: redis <host:port>")
		os.Exit(2)
	}
	server := miniredis.NewMiniRedis()
	if err := server.StartAddr(os.Args[1]); err != nil {
		fmt.Fprintln(os.Stderr, "redis:", err)
		os.Exit(1)
	}
	fmt.Println("redis: serving on", server.Addr())
	stop := make(chan os.Signal, 1)
	signal.Notify(stop, syscall.SIGTERM, syscall.SIGINT)
	ticker := time.NewTicker(100 * time.Millisecond)
	last := time.Now()
	for {
		select {
		case <-stop:
			server.Close()
			return
		case now := <-ticker.C:
			server.SetTime(now)
			server.FastForward(now.Sub(last))
			last = now
		}
	}
}
