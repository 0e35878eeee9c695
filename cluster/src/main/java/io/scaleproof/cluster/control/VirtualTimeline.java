package io.scaleproof.cluster.control;

import java.time.Duration;
import java.time.Instant;
import java.util.PriorityQueue;

/**
 * A timeline that only moves when told to: {@link #advanceTo} runs every task due up to that
 * instant, in time order, and tasks due at the same instant in the order they were scheduled (first
 * scheduled, first run). A task that schedules work at the current instant runs it in the same
 * advance, after the tasks already due then.
 */
public final class VirtualTimeline implements Timeline {
  private record Scheduled(Instant due, long sequence, Runnable task) {}

  private final PriorityQueue<Scheduled> queue =
      new PriorityQueue<>(
          (a, b) -> {
            int byTime = a.due().compareTo(b.due());
            return byTime != 0 ? byTime : Long.compare(a.sequence(), b.sequence());
          });
  private Instant now;
  private long sequence;
  private boolean closed;

  public VirtualTimeline(Instant start) {
    this.now = start;
  }

  @Override
  public synchronized Instant now() {
    return now;
  }

  @Override
  public synchronized void schedule(Duration delay, Runnable task) {
    if (closed) {
      return;
    }
    Duration notNegative = delay.isNegative() ? Duration.ZERO : delay;
    queue.add(new Scheduled(now.plus(notNegative), sequence++, task));
  }

  /** Runs everything due up to {@code until}, then stands at {@code until}. */
  public void advanceTo(Instant until) {
    while (true) {
      Scheduled next;
      synchronized (this) {
        next = queue.peek();
        if (closed || next == null || next.due().isAfter(until)) {
          if (until.isAfter(now)) {
            now = until;
          }
          return;
        }
        queue.poll();
        now = next.due();
      }
      next.task().run();
    }
  }

  public void advance(Duration by) {
    advanceTo(now().plus(by));
  }

  /** Tasks waiting to run. */
  public synchronized int pending() {
    return queue.size();
  }

  @Override
  public synchronized void close() {
    closed = true;
    queue.clear();
  }
}
