package io.scaleproof.scenarios;

import io.scaleproof.cluster.BackendUnavailableException;
import io.scaleproof.scenarios.run.Backend;
import io.scaleproof.scenarios.run.PipelineSession;
import io.scaleproof.scenarios.run.Progress;
import io.scaleproof.scenarios.spec.Timers;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * One cluster with the declared pipeline, installed once and shared by every suite of the test run
 * that asks for a {@link PipelineSession} parameter: the pipeline takes about a minute to install,
 * and the suites run their scenarios on it one after another, each leaving it as it found it. The
 * session lives in the root context's store and is closed when the test run ends. On the backend
 * the build asks for ({@code -Dscaleproof.backend}); one that cannot run here (k3s without Docker)
 * makes the suites skipped, with the reason, never passed. Compressed ({@code pr}) timers.
 */
final class SharedPipeline implements ParameterResolver {
  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(SharedPipeline.class);

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == PipelineSession.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    ExtensionContext.Store store = context.getRoot().getStore(NAMESPACE);
    Shared shared = store.getOrComputeIfAbsent(Shared.class, key -> Shared.open(), Shared.class);
    if (shared.unavailable != null) {
      Assumptions.abort(shared.unavailable);
    }
    // A scenario that could not leave the pipeline as it found it must not fail the suites after
    // it: they get a fresh cluster and pipeline, and the broken one is closed (its evidence kept).
    if (shared.session.notAsFound().isPresent()) {
      System.out.println(
          "the shared pipeline is not as it was ("
              + shared.session.notAsFound().get()
              + "): starting a fresh one");
      store.remove(Shared.class, Shared.class).close();
      shared = store.getOrComputeIfAbsent(Shared.class, key -> Shared.open(), Shared.class);
    }
    return shared.session;
  }

  /** The session, or why there is none here; closed with the root context. */
  private static final class Shared implements AutoCloseable {
    private final PipelineSession session;
    private final String unavailable;

    private Shared(PipelineSession session, String unavailable) {
      this.session = session;
      this.unavailable = unavailable;
    }

    static Shared open() {
      Backend backend = Backend.fromSystemProperties();
      Path directory =
          Path.of("target", "shared-pipeline")
              .resolve(
                  LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-SSS")))
              .toAbsolutePath();
      try {
        return new Shared(
            PipelineSession.open(backend, Timers.PR, directory, Progress.to(System.out)), null);
      } catch (BackendUnavailableException e) {
        String reason = "backend " + backend.name() + " cannot run here: " + e.getMessage();
        System.out.println("skipped: " + reason);
        return new Shared(null, reason);
      }
    }

    @Override
    public void close() {
      if (session != null) {
        session.close();
      }
    }
  }
}
