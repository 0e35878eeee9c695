package io.scaleproof.scenarios.spec;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * A scaling scenario: which services get load, what load, what is changed in the pipeline before it
 * starts, and what the autoscaling must achieve. Read from a YAML file by {@link ScenarioFile} or
 * built in Java; the suites and the command line share it. Immutable.
 *
 * @param name a short name, such as {@code default}
 * @param description one line for {@code scaleproof scenarios}
 * @param source the file it was read from, or null when built in Java
 * @param timers how fast the emulated control loops run
 * @param services the sample services under load, by Deployment (and ScaledObject) name
 * @param load the load offered to each service
 * @param pipeline changes committed to the run's Git repository before the load
 * @param faults faults injected into the services, committed with the pipeline changes
 * @param trigger which story the expectations tell: latency or errors
 * @param slo the expectations
 */
public record Scenario(
    String name,
    String description,
    Path source,
    Timers timers,
    List<String> services,
    LoadProfile load,
    PipelineChanges pipeline,
    Faults faults,
    Trigger trigger,
    Slo slo) {
  public Scenario {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(timers, "timers");
    Objects.requireNonNull(load, "load");
    Objects.requireNonNull(pipeline, "pipeline");
    Objects.requireNonNull(faults, "faults");
    Objects.requireNonNull(trigger, "trigger");
    Objects.requireNonNull(slo, "slo");
    services = List.copyOf(services);
    description = description == null ? "" : description;
  }

  public Scenario withPipeline(PipelineChanges changes) {
    return new Scenario(
        name, description, source, timers, services, load, changes, faults, trigger, slo);
  }

  public Scenario withLoad(LoadProfile profile) {
    return new Scenario(
        name, description, source, timers, services, profile, pipeline, faults, trigger, slo);
  }

  public Scenario withServices(List<String> chosen) {
    return new Scenario(
        name, description, source, timers, chosen, load, pipeline, faults, trigger, slo);
  }

  /** Where an error about this scenario points: its file, or its name when built in Java. */
  public Path file() {
    return source == null ? Path.of("scenario " + name) : source;
  }
}
