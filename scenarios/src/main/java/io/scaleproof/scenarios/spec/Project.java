package io.scaleproof.scenarios.spec;

import io.scaleproof.cluster.InvalidInputException;
import io.scaleproof.cluster.ProjectFiles;
import io.scaleproof.cluster.pipeline.Pipeline;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a team proves: its pipeline (a directory rendered as its Argo CD Application's path is), the
 * services under test in it, how the embedded cluster runs its images, and where its scenarios
 * live. Read from a {@code scaleproof.yaml} by {@link ProjectFile}. scaleproof's own project (the
 * shipped pipeline and the three sample apps) is one like any other: {@link #shipped()}.
 *
 * @param file the project file
 * @param pipeline the pipeline's directory
 * @param runtimes the project's own image → command table, merged over the shipped one; empty when
 *     its images are all in the shipped table
 * @param scenarios the directory of its scenarios
 * @param services the services under test, in the order the file lists them
 * @param prometheusAdapter how its Prometheus Adapter runs, when HPAs of its pipeline scale on the
 *     Adapter's external metrics
 */
public record Project(
    Path file,
    Path pipeline,
    Optional<Path> runtimes,
    Path scenarios,
    List<ServiceUnderTest> services,
    Optional<DeclaredAdapter> prometheusAdapter) {
  /** The file a directory's project is in, as {@code ./scaleproof} looks for it. */
  public static final String FILE_NAME = "scaleproof.yaml";

  public Project {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(pipeline, "pipeline");
    Objects.requireNonNull(runtimes, "runtimes");
    Objects.requireNonNull(scenarios, "scenarios");
    services = List.copyOf(services);
    Objects.requireNonNull(prometheusAdapter, "prometheusAdapter");
  }

  /** scaleproof's own project: {@code cluster/gitops} and the sample apps. */
  public static Project shipped() {
    return ProjectFile.read(ProjectFiles.find(FILE_NAME));
  }

  /**
   * The project a command means: {@code given} when there is one, else the {@code scaleproof.yaml}
   * of {@code workingDirectory}, else the shipped project.
   *
   * @throws InvalidInputException when {@code given} does not exist or the file is not valid
   */
  public static Project find(Path given, Path workingDirectory) {
    if (given != null) {
      if (!Files.isRegularFile(given)) {
        throw new InvalidInputException(
            given.toAbsolutePath(),
            "--project",
            "does not exist",
            "Give the path of a scaleproof.yaml, or run ./scaleproof init DIR to write one");
      }
      return ProjectFile.read(given);
    }
    Path here = workingDirectory.resolve(FILE_NAME);
    return Files.isRegularFile(here) ? ProjectFile.read(here) : shipped();
  }

  /** The pipeline's manifests, rendered as Argo CD renders its path. */
  public Pipeline loadPipeline() {
    return Pipeline.load(pipeline);
  }

  /** The service scenarios call {@code name}. */
  public Optional<ServiceUnderTest> service(String name) {
    return services.stream().filter(s -> s.name().equals(name)).findFirst();
  }

  /** The services' names, as scenarios use them. */
  public List<String> serviceNames() {
    return services.stream().map(ServiceUnderTest::name).toList();
  }

  /**
   * Checks that every service {@code scenario} names is one of the project's.
   *
   * @throws InvalidInputException naming the scenario's file and field
   */
  public void check(Scenario scenario) {
    List<String> names = scenario.services();
    for (int i = 0; i < names.size(); i++) {
      if (service(names.get(i)).isEmpty()) {
        throw new InvalidInputException(
            scenario.file(),
            "services[" + i + "]",
            "'" + names.get(i) + "' is not a service of the project " + file,
            "Use one of " + serviceNames() + ", or declare it under 'services' in " + file);
      }
    }
  }
}
