package io.scaleproof.cluster.control;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.Informable;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The shape of every controller on the embedded cluster, as in kube-controller-manager: informers
 * turn watch events into keys ({@code namespace/name}), a queue deduplicates them, and one worker
 * reconciles one key at a time. Reconcile reads the current state from the API server, not from the
 * informer cache, so a lagging cache can never make it create twice.
 */
public abstract class Controller implements AutoCloseable {
  private static final Duration RETRY = Duration.ofMillis(500);

  protected final Logger log = LoggerFactory.getLogger(getClass());
  private final ScheduledExecutorService worker;
  private final Set<String> queued = ConcurrentHashMap.newKeySet();
  private final List<SharedIndexInformer<?>> informers = new ArrayList<>();
  private volatile boolean closed;

  protected Controller(String name) {
    this.worker =
        Executors.newSingleThreadScheduledExecutor(
            runnable -> {
              Thread thread = new Thread(runnable, "sim-" + name);
              thread.setDaemon(true);
              return thread;
            });
  }

  /** Starts the informers; each event enqueues the keys {@code keysOf} maps the object to. */
  public abstract void start();

  /** Brings the object under {@code key} to its desired state. Idempotent. */
  protected abstract void reconcile(String key);

  protected <T extends HasMetadata> SharedIndexInformer<T> watch(
      Informable<T> source, Function<T, Stream<String>> keysOf) {
    SharedIndexInformer<T> informer =
        source.inform(
            new ResourceEventHandler<T>() {
              @Override
              public void onAdd(T obj) {
                keysOf.apply(obj).forEach(Controller.this::enqueue);
              }

              @Override
              public void onUpdate(T oldObj, T newObj) {
                Stream.concat(keysOf.apply(oldObj), keysOf.apply(newObj))
                    .distinct()
                    .forEach(Controller.this::enqueue);
              }

              @Override
              public void onDelete(T obj, boolean deletedFinalStateUnknown) {
                keysOf.apply(obj).forEach(Controller.this::enqueue);
              }
            },
            0);
    informers.add(informer);
    return informer;
  }

  public static String key(HasMetadata obj) {
    return obj.getMetadata().getNamespace() + "/" + obj.getMetadata().getName();
  }

  protected static String namespaceOf(String key) {
    return key.substring(0, key.indexOf('/'));
  }

  protected static String nameOf(String key) {
    return key.substring(key.indexOf('/') + 1);
  }

  public void enqueue(String key) {
    if (!closed && queued.add(key)) {
      worker.execute(() -> run(key));
    }
  }

  protected void enqueueAfter(String key, Duration delay) {
    if (!closed) {
      worker.schedule(() -> enqueue(key), delay.toMillis(), TimeUnit.MILLISECONDS);
    }
  }

  private void run(String key) {
    queued.remove(key);
    if (closed) {
      return;
    }
    try {
      reconcile(key);
    } catch (KubernetesClientException e) {
      // 409 (a stale resourceVersion) and 404 (deleted meanwhile) are normal races: try again.
      if (e.getCode() != 409 && e.getCode() != 404) {
        log.warn("reconcile {} failed: {}", key, e.getMessage());
      }
      enqueueAfter(key, RETRY);
    } catch (RuntimeException e) {
      if (!closed) {
        log.warn("reconcile {} failed", key, e);
        enqueueAfter(key, RETRY);
      }
    }
  }

  @Override
  public void close() {
    closed = true;
    informers.forEach(SharedIndexInformer::stop);
    worker.shutdownNow();
    try {
      worker.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
