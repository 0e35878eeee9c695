package io.scaleproof.cluster.sim;

import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Supplier;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ExtensionContext.Namespace;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.opentest4j.TestAbortedException;

/**
 * The embedded cluster of an integration test, as a JUnit 5 extension: started before each test
 * ({@link #perTest}, on an instance field) or once before the class ({@link #perClass}, on a static
 * field), and closed after it whether it passed, failed or was aborted. When a test fails, the
 * cluster first gives up its evidence, as the Java Operator SDK's extension keeps a failed test's
 * namespace: every object, every container's log and the Events as a timeline ({@link
 * ClusterEvidence}) under {@code target/cluster-evidence/<TestClass>/<testMethod>/}, named in one
 * line on stderr. A per-class cluster keeps it at the failing test, before later tests change it.
 *
 * <p>The cluster is {@link #cluster()}, or a {@code SimCluster} parameter of a test or lifecycle
 * method:
 *
 * <pre>{@code
 * @RegisterExtension
 * final EmbeddedCluster embedded = EmbeddedCluster.perTest(SimClusterConfig.defaults());
 *
 * @Test
 * void scalesOut(SimCluster cluster) { ... }
 * }</pre>
 */
public final class EmbeddedCluster
    implements BeforeAllCallback,
        BeforeEachCallback,
        AfterEachCallback,
        AfterAllCallback,
        ParameterResolver {
  /** Where the evidence of failed tests is kept, under the module's build directory. */
  static final Path EVIDENCE = Path.of("target", "cluster-evidence");

  private static final Namespace NAMESPACE = Namespace.create(EmbeddedCluster.class);
  private static final String CLASS_LIFECYCLE = "class-lifecycle";

  private final Supplier<SimClusterConfig> config;
  private final boolean perClass;
  private volatile SimCluster cluster;

  private EmbeddedCluster(Supplier<SimClusterConfig> config, boolean perClass) {
    this.config = config;
    this.perClass = perClass;
  }

  /** A cluster for each test, started with {@code config}; register it on an instance field. */
  public static EmbeddedCluster perTest(SimClusterConfig config) {
    return perTest(() -> config);
  }

  /**
   * A cluster for each test, started with the config {@code config} gives when the test starts: for
   * a config that needs what JUnit injects first, such as a {@code @TempDir} run directory.
   */
  public static EmbeddedCluster perTest(Supplier<SimClusterConfig> config) {
    return new EmbeddedCluster(config, false);
  }

  /**
   * One cluster for the whole class, started with {@code config}; register it on a static field.
   */
  public static EmbeddedCluster perClass(SimClusterConfig config) {
    return perClass(() -> config);
  }

  /**
   * One cluster for the whole class, started with the config {@code config} gives before the class
   * (a static {@code @TempDir} is injected by then).
   */
  public static EmbeddedCluster perClass(Supplier<SimClusterConfig> config) {
    return new EmbeddedCluster(config, true);
  }

  /** The running cluster; only between its start before the test (or class) and its close. */
  public SimCluster cluster() {
    SimCluster running = cluster;
    if (running == null) {
      throw new IllegalStateException(
          "the embedded cluster runs only from before the "
              + (perClass ? "class" : "test")
              + " until after it: register EmbeddedCluster."
              + (perClass ? "perClass on a static" : "perTest on an instance")
              + " field with @RegisterExtension");
    }
    return running;
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    if (perClass) {
      start(context);
    }
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    if (!perClass) {
      start(context);
    }
  }

  @Override
  public void afterEach(ExtensionContext context) {
    keepEvidenceOnFailure(context);
  }

  @Override
  public void afterAll(ExtensionContext context) {
    if (perClass) {
      keepEvidenceOnFailure(context);
    }
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == SimCluster.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return cluster();
  }

  /**
   * Starts the cluster and leaves its close to the context's store, which JUnit closes after every
   * after-callback has run, whatever the outcome: the evidence is kept before the close.
   */
  private void start(ExtensionContext context) {
    SimCluster started = SimCluster.start(config.get());
    cluster = started;
    AutoCloseable close =
        () -> {
          cluster = null;
          started.close();
        };
    context.getStore(NAMESPACE).put(SimCluster.class, close);
  }

  /**
   * Keeps the evidence when the test (or the class's own lifecycle methods) failed; an abort is no
   * failure. A failure to keep it is added to the test's failure, never in its place.
   */
  private void keepEvidenceOnFailure(ExtensionContext context) {
    SimCluster running = cluster;
    Optional<Throwable> failure =
        context.getExecutionException().filter(e -> !(e instanceof TestAbortedException));
    if (running == null || failure.isEmpty()) {
      return;
    }
    Path directory =
        EVIDENCE.resolve(testClassName(context.getRequiredTestClass())).resolve(testName(context));
    try {
      ClusterEvidence.write(running, directory);
      System.err.println(
          "[scaleproof] "
              + context.getDisplayName()
              + " failed; the embedded cluster's objects, logs and events are in "
              + directory.toAbsolutePath());
    } catch (Exception e) {
      failure.get().addSuppressed(e);
      System.err.println(
          "[scaleproof] "
              + context.getDisplayName()
              + " failed, and its cluster's evidence could not be kept in "
              + directory.toAbsolutePath()
              + ": "
              + e);
    }
  }

  /** The test class's name without its package ({@code Outer$Nested} for a nested class). */
  static String testClassName(Class<?> testClass) {
    return testClass.getName().substring(testClass.getPackageName().length() + 1);
  }

  /**
   * The test method's name; one invocation of a parameterized or repeated test adds its display
   * name; the class's own lifecycle ({@code @BeforeAll}, {@code @AfterAll}) is {@value
   * #CLASS_LIFECYCLE}.
   */
  static String testName(ExtensionContext context) {
    if (context.getTestMethod().isEmpty()) {
      return CLASS_LIFECYCLE;
    }
    String method = context.getRequiredTestMethod().getName();
    boolean invocation = context.getParent().flatMap(ExtensionContext::getTestMethod).isPresent();
    if (!invocation) {
      return method;
    }
    String invocationName =
        context.getDisplayName().replaceAll("[^A-Za-z0-9._-]+", "-").replaceAll("^-|-$", "");
    return method + "-" + invocationName;
  }
}
