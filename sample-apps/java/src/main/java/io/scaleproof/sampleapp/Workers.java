package io.scaleproof.sampleapp;

import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A replica's capacity: {@code concurrency} workers served first come, first served, at most {@code
 * queueLimit} requests waiting for one, and a refusal past that. Resizable at run time.
 */
final class Workers {
  private final ResizableSemaphore permits;
  private final AtomicInteger waiting = new AtomicInteger();
  private volatile int concurrency;
  private volatile int queueLimit;

  Workers(int concurrency, int queueLimit) {
    this.permits = new ResizableSemaphore(concurrency);
    this.concurrency = concurrency;
    this.queueLimit = queueLimit;
  }

  /** Waits for a worker; false at once if the queue is full. */
  boolean acquire() throws InterruptedException {
    if (permits.tryAcquire()) {
      return true;
    }
    if (waiting.incrementAndGet() > queueLimit) {
      waiting.decrementAndGet();
      return false;
    }
    try {
      permits.acquire();
      return true;
    } finally {
      waiting.decrementAndGet();
    }
  }

  void release() {
    permits.release();
  }

  synchronized void resize(int newConcurrency, int newQueueLimit) {
    if (newConcurrency > concurrency) {
      permits.release(newConcurrency - concurrency);
    } else if (newConcurrency < concurrency) {
      permits.reduce(concurrency - newConcurrency);
    }
    concurrency = newConcurrency;
    queueLimit = newQueueLimit;
  }

  private static final class ResizableSemaphore extends Semaphore {
    private static final long serialVersionUID = 1L;

    ResizableSemaphore(int permits) {
      super(permits, true);
    }

    void reduce(int reduction) {
      reducePermits(reduction);
    }
  }
}
