package io.scaleproof.cluster.lint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** What lint reads of a PromQL expression: selectors, windows, grouping, the result's labels. */
class PromQlTest {
  @Test
  void quantileOverAGroupedRate() {
    PromQl.Expression expression =
        PromQl.parse(
            "histogram_quantile(0.95, sum by (service_name, le) (rate(traces_span_metrics_duration_milliseconds_bucket{span_kind=\"SPAN_KIND_SERVER\", span_name!~\"GET /(healthz|readyz)\"}[30s])))");
    assertThat(expression.selectors()).hasSize(1);
    PromQl.Selector selector = expression.selectors().get(0);
    assertThat(selector.metric()).isEqualTo("traces_span_metrics_duration_milliseconds_bucket");
    assertThat(selector.range()).isEqualTo(Duration.ofSeconds(30));
    assertThat(selector.matchers())
        .containsExactly(
            new PromQl.LabelMatcher("span_kind", "=", "SPAN_KIND_SERVER"),
            new PromQl.LabelMatcher("span_name", "!~", "GET /(healthz|readyz)"));
    assertThat(expression.isQuantile()).isTrue();
    assertThat(expression.resultLabels()).containsExactly("service_name");
    assertThat(expression.divides()).as("a / inside a label value is no division").isFalse();
  }

  @Test
  void ratioOfSums() {
    PromQl.Expression expression =
        PromQl.parse(
            "sum by (service_name) (rate(calls_total{status_code=\"STATUS_CODE_ERROR\"}[1m])) / sum by (service_name) (rate(calls_total[1m]))");
    assertThat(expression.divides()).isTrue();
    assertThat(expression.selectors())
        .extracting(PromQl.Selector::metric)
        .containsExactly("calls_total", "calls_total");
    assertThat(expression.resultLabels()).containsExactly("service_name");
  }

  @Test
  void byAfterTheAggregationAndOffset() {
    PromQl.Expression expression = PromQl.parse("max(rate(x_total[5m] offset 1h)) by (job)");
    assertThat(expression.selectors())
        .extracting(PromQl.Selector::metric)
        .containsExactly("x_total");
    assertThat(expression.resultLabels()).containsExactly("job");
    assertThat(PromQl.parse("max(x)").resultLabels()).isEmpty();
    assertThat(PromQl.parse("x{a=\"b\"}").resultLabels())
        .as("unknown without aggregation")
        .isNull();
  }

  @Test
  void nameMatcherAndDurations() {
    assertThat(PromQl.parse("{__name__=\"up\", job=\"a\"}").selectors().get(0).metric())
        .isEqualTo("up");
    assertThat(PromQl.duration("1m30s")).isEqualTo(Duration.ofSeconds(90));
    assertThat(PromQl.duration("500ms")).isEqualTo(Duration.ofMillis(500));
    assertThat(PromQl.duration("soon")).isNull();
    assertThatThrownBy(() -> PromQl.parse("rate(x[1m]) ; drop"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
