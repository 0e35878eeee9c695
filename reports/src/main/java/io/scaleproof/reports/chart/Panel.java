package io.scaleproof.reports.chart;

import io.scaleproof.assertions.Sample;
import io.scaleproof.assertions.ServiceTimeline;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/** The chart's panels, top to bottom: what each plots and on which scale. */
enum Panel {
  REPLICAS("replicas (wanted solid, ready dashed; ticks: scale events)", "series replicas", true) {
    @Override
    Double valueOf(Sample sample) {
      return (double) sample.replicas();
    }

    @Override
    Scale scale(List<ServiceTimeline> services, double threshold) {
      double most = Math.max(2, max(services, sample -> (double) sample.replicas()));
      return Scale.linear(0, most + 1, "%.0f");
    }
  },
  P95(
      "p95 (ms, log scale): the recording rule's solid, the clients' dashed; the threshold red",
      "series p95",
      false) {
    @Override
    Double valueOf(Sample sample) {
      return sample.p95Ms();
    }

    @Override
    Scale scale(List<ServiceTimeline> services, double threshold) {
      double most =
          Math.max(
              threshold * 2,
              Math.max(max(services, Sample::p95Ms), max(services, Sample::clientP95Ms)));
      return Scale.logarithmic(10, most);
    }
  },
  RATE("requests per second", "series rate", false) {
    @Override
    Double valueOf(Sample sample) {
      return sample.requestsPerSecond();
    }

    @Override
    Scale scale(List<ServiceTimeline> services, double threshold) {
      return Scale.linear(0, Math.max(1, max(services, Sample::requestsPerSecond)) * 1.1, "%.0f");
    }
  },
  ERRORS("error ratio", "series errors", false) {
    @Override
    Double valueOf(Sample sample) {
      return sample.errorRatio();
    }

    @Override
    Scale scale(List<ServiceTimeline> services, double threshold) {
      return Scale.linear(0, Math.max(0.1, max(services, Sample::errorRatio) * 1.1), "%.2f");
    }
  };

  /** The ready replicas, drawn dashed on the replicas panel. */
  static final Function<Sample, Double> READY = sample -> (double) sample.readyReplicas();

  final String title;
  final String css;
  final boolean steps;
  final Function<Sample, Double> value = this::valueOf;

  Panel(String title, String css, boolean steps) {
    this.title = title;
    this.css = css;
    this.steps = steps;
  }

  abstract Double valueOf(Sample sample);

  abstract Scale scale(List<ServiceTimeline> services, double threshold);

  private static double max(List<ServiceTimeline> services, Function<Sample, Double> value) {
    return services.stream()
        .flatMap(timeline -> timeline.samples().stream())
        .map(value)
        .filter(Objects::nonNull)
        .mapToDouble(Double::doubleValue)
        .max()
        .orElse(0);
  }
}
