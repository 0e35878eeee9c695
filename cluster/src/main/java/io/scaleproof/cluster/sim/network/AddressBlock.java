package io.scaleproof.cluster.sim.network;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.util.Random;

/**
 * The loopback addresses one run owns: {@code 127.A.B.0/24} for the node and its pods, {@code
 * 127.A.(B+1).0/24} for Services. Every address in 127.0.0.0/8 reaches the loopback interface on
 * Linux, so each pod and each Service can listen on its own address and real declared ports.
 *
 * <p>A block is claimed with a file lock under the system temp directory, held until {@link
 * #close()}, so that two runs on one machine (two suites, a suite and the main job) never share
 * addresses. A crashed run's lock dies with its process.
 */
public final class AddressBlock implements AutoCloseable {
  private static final int ATTEMPTS = 64;
  private static final Random RANDOM = new SecureRandom();

  private final int a;
  private final int b;
  private final FileChannel channel;
  private final FileLock lock;
  private final IpPool pods;
  private final IpPool services;

  private AddressBlock(int a, int b, FileChannel channel, FileLock lock) {
    this.a = a;
    this.b = b;
    this.channel = channel;
    this.lock = lock;
    // .1 of the pod block is the node; pods start at .2.
    this.pods = new IpPool("127." + a + "." + b + ".", 2);
    this.services = new IpPool("127." + a + "." + (b + 1) + ".", 1);
  }

  /** Claims a free block, choosing at random so that concurrent runs rarely even try the same. */
  public static AddressBlock claim(Path lockDirectory) {
    try {
      Files.createDirectories(lockDirectory);
      for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
        // Stay clear of 127.0.x.x, where 127.0.0.1 and Debian's 127.0.1.1 live.
        int a = 100 + RANDOM.nextInt(100);
        int b = 2 * RANDOM.nextInt(127);
        Path file = lockDirectory.resolve("127." + a + "." + b + ".lock");
        FileChannel channel =
            FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock = tryLock(channel);
        if (lock != null) {
          return new AddressBlock(a, b, channel, lock);
        }
        channel.close();
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot claim a loopback address block", e);
    }
    throw new IllegalStateException(
        "no free loopback address block after " + ATTEMPTS + " attempts in " + lockDirectory);
  }

  private static FileLock tryLock(FileChannel channel) throws IOException {
    try {
      return channel.tryLock();
    } catch (OverlappingFileLockException e) {
      return null; // held by another cluster in this JVM
    }
  }

  /** The node's address ({@code status.hostIP} of every pod). */
  public String nodeIp() {
    return "127." + a + "." + b + ".1";
  }

  /** The pod network, as a prefix such as {@code 127.131.42.}. */
  public String podPrefix() {
    return pods.prefix();
  }

  /** The Service network, as a prefix. */
  public String servicePrefix() {
    return services.prefix();
  }

  public IpPool pods() {
    return pods;
  }

  public IpPool services() {
    return services;
  }

  @Override
  public void close() {
    try {
      lock.release();
      channel.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public String toString() {
    return "127." + a + "." + b + ".0/23";
  }
}
