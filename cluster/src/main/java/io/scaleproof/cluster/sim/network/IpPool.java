package io.scaleproof.cluster.sim.network;

import java.util.BitSet;

/** Addresses of one /24, handed out lowest first and reused after release. Thread-safe. */
public final class IpPool {
  private static final int LAST = 254;

  private final String prefix;
  private final int first;
  private final BitSet used = new BitSet(LAST + 1);

  IpPool(String prefix, int first) {
    this.prefix = prefix;
    this.first = first;
  }

  public String prefix() {
    return prefix;
  }

  public synchronized String allocate() {
    int next = used.nextClearBit(first);
    if (next > LAST) {
      throw new IllegalStateException("address pool " + prefix + "0/24 is exhausted");
    }
    used.set(next);
    return prefix + next;
  }

  /** Marks an address taken, e.g. a Service that declares its clusterIP. False if not ours. */
  public synchronized boolean reserve(String ip) {
    if (!contains(ip)) {
      return false;
    }
    used.set(Integer.parseInt(ip.substring(prefix.length())));
    return true;
  }

  public synchronized void release(String ip) {
    if (contains(ip)) {
      used.clear(Integer.parseInt(ip.substring(prefix.length())));
    }
  }

  public boolean contains(String ip) {
    if (ip == null || !ip.startsWith(prefix)) {
      return false;
    }
    String host = ip.substring(prefix.length());
    return host.matches("\\d{1,3}") && Integer.parseInt(host) <= LAST;
  }
}
