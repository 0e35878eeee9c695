package io.scaleproof.cluster.lint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.scaleproof.cluster.InvalidInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Prometheus Adapter's external rules as v0.12.0 reads them. The query cases are upstream's
 * {@code TestBuildExternalSelector} (pkg/naming/metrics_query_test.go) where an external query can
 * reach them (the Adapter builds external queries without a group-by); the naming cases follow
 * {@code NamersFromConfig} and Go's {@code Regexp.Expand}.
 */
class PrometheusAdapterRulesTest {
  @TempDir Path directory;

  private PrometheusAdapterRules.ExternalRule rule(String yaml) throws IOException {
    return rules("externalRules:\n" + yaml).externalRules().get(0);
  }

  private PrometheusAdapterRules rules(String yaml) throws IOException {
    return PrometheusAdapterRules.read(Files.writeString(directory.resolve("config.yaml"), yaml));
  }

  private static LabelSelector matchLabels(String key, String value) {
    return new LabelSelectorBuilder().addToMatchLabels(key, value).build();
  }

  @Nested
  @DisplayName("the query the Adapter sends (BuildExternal)")
  class Query {
    @Test
    @DisplayName("series: the series name in <<.Series>>")
    void series() throws IOException {
      var rule =
          rule(
              "  - {seriesQuery: 'foo', resources: {namespaced: false}, metricsQuery: 'series <<.Series>>'}\n");
      assertThat(rule.query("foo", "default", new LabelSelector())).isEqualTo("series foo");
    }

    @Test
    @DisplayName("single LabelMatchers value")
    void singleLabelMatcher() throws IOException {
      var rule =
          rule(
              "  - {seriesQuery: 'foo', resources: {namespaced: false}, metricsQuery: '<<.LabelMatchers>>'}\n");
      assertThat(rule.query("foo", "default", matchLabels("foo", "bar"))).isEqualTo("foo=\"bar\"");
    }

    @Test
    @DisplayName("single LabelMatchers value with namespace: the namespace's label comes last")
    void withNamespace() throws IOException {
      var rule =
          rule(
              "  - seriesQuery: foo\n"
                  + "    resources: {overrides: {namespace: {resource: namespace}}}\n"
                  + "    metricsQuery: <<.LabelMatchers>>\n");
      assertThat(rule.query("foo", "default", matchLabels("foo", "bar")))
          .isEqualTo("foo=\"bar\",namespace=\"default\"");
    }

    @Test
    @DisplayName("multiple LabelMatchers value: In becomes =~ with the values joined")
    void multipleLabelMatchers() throws IOException {
      var rule =
          rule(
              "  - {seriesQuery: 'foo', resources: {namespaced: false}, metricsQuery: '<<.LabelMatchers>>'}\n");
      LabelSelector selector =
          new LabelSelectorBuilder()
              .addNewMatchExpression()
              .withKey("qux")
              .withOperator("In")
              .withValues("baz", "bar")
              .endMatchExpression()
              .addToMatchLabels("foo", "bar")
              .build();
      assertThat(rule.query("foo", "default", selector)).isEqualTo("foo=\"bar\",qux=~\"bar|baz\"");
    }

    @Test
    @DisplayName("LabelValuesByName, single and with several values")
    void labelValuesByName() throws IOException {
      var rule =
          rule(
              "  - {seriesQuery: 'foo', resources: {namespaced: false}, metricsQuery: '<<.LabelValuesByName>>'}\n");
      assertThat(rule.query("foo", "default", matchLabels("foo", "bar"))).isEqualTo("map[foo:bar]");
      LabelSelector in =
          new LabelSelectorBuilder()
              .addNewMatchExpression()
              .withKey("foo")
              .withOperator("In")
              .withValues("bar", "baz")
              .endMatchExpression()
              .build();
      assertThat(rule.query("foo", "default", in)).isEqualTo("map[foo:bar|baz]");
    }

    @Test
    @DisplayName("index of LabelValuesByName: the namespace when namespaced, empty when not")
    void indexOfLabelValuesByName() throws IOException {
      String template = "'<<index .LabelValuesByName \"namespace\">> <<.GroupBySlice>>'";
      var namespaced =
          rule(
              "  - {seriesQuery: foo, resources: {template: '<<.Resource>>'}, metricsQuery: "
                  + template
                  + "}\n");
      var notNamespaced =
          rule(
              "  - {seriesQuery: foo, resources: {template: '<<.Resource>>', namespaced: false},"
                  + " metricsQuery: "
                  + template
                  + "}\n");
      assertThat(namespaced.query("foo", "default", new LabelSelector())).isEqualTo("default []");
      assertThat(notNamespaced.query("foo", "default", new LabelSelector())).isEqualTo(" []");
    }

    @Test
    @DisplayName("Exists and DoesNotExist: != and = the empty string")
    void existence() throws IOException {
      var rule =
          rule(
              "  - {seriesQuery: 'foo', resources: {namespaced: false}, metricsQuery: 'x{<<.LabelMatchers>>}'}\n");
      LabelSelector selector =
          new LabelSelectorBuilder()
              .addNewMatchExpression()
              .withKey("a")
              .withOperator("Exists")
              .endMatchExpression()
              .addNewMatchExpression()
              .withKey("b")
              .withOperator("DoesNotExist")
              .endMatchExpression()
              .build();
      assertThat(rule.query("foo", "apps", selector)).isEqualTo("x{a!=\"\",b=\"\"}");
    }

    @Test
    @DisplayName("a namespaced rule with no label for namespaces fails as the Adapter's query does")
    void namespacedWithoutLabel() throws IOException {
      var rule =
          rule("  - {seriesQuery: 'foo', metricsQuery: '<<.Series>>{<<.LabelMatchers>>}'}\n");
      assertThatThrownBy(() -> rule.query("foo", "apps", new LabelSelector()))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("no generic resource label form specified for this metric");
    }

    @Test
    @DisplayName("a template action scaleproof cannot read is named, not guessed")
    void unknownAction() throws IOException {
      var rule =
          rule(
              "  - {seriesQuery: 'foo', resources: {namespaced: false}, metricsQuery: '<<range .GroupBySlice>>x<<end>>'}\n");
      assertThatThrownBy(() -> rule.query("foo", "apps", new LabelSelector()))
          .hasMessageContaining("<<range .GroupBySlice>>");
    }
  }

  @Nested
  @DisplayName("the names the Adapter gives series (NamersFromConfig)")
  class Names {
    @Test
    @DisplayName("name.as expands name.matches: the upstream docs' _total to _per_second")
    void matchesAndAs() throws IOException {
      var rule =
          rule(
              "  - seriesQuery: '{__name__=~\"^http_.*_total$\"}'\n"
                  + "    name: {matches: '^(.*)_total$', as: '${1}_per_second'}\n"
                  + "    metricsQuery: 'sum(rate(<<.Series>>{<<.LabelMatchers>>}[2m]))'\n");
      assertThat(rule.metricName("http_requests_total")).contains("http_requests_per_second");
      assertThat(rule.metricName("http_requests")).isEmpty();
    }

    @Test
    @DisplayName("without as: $1 for one group, the whole name for none")
    void defaultAs() throws IOException {
      var oneGroup =
          rule("  - {seriesQuery: foo, name: {matches: '^(.*)_seconds$'}, metricsQuery: x}\n");
      var noGroup = rule("  - {seriesQuery: foo, metricsQuery: x}\n");
      assertThat(oneGroup.metricName("latency_seconds")).contains("latency");
      assertThat(noGroup.metricName("latency_seconds")).contains("latency_seconds");
    }

    @Test
    @DisplayName("several groups without as are refused, naming the field")
    void severalGroupsNeedAs() {
      assertThatThrownBy(
              () -> rule("  - {seriesQuery: foo, name: {matches: '^(a)(b)$'}, metricsQuery: x}\n"))
          .isInstanceOf(InvalidInputException.class)
          .hasMessageContaining("externalRules[0].name.as");
    }

    @Test
    @DisplayName("Go's expansion: $1x is the group named 1x (empty), ${1}x, $$ and named groups")
    void goExpansion() {
      Matcher m = Pattern.compile(GoText.goRegex("^(?P<word>[a-z]+)_(\\d+)$")).matcher("abc_42");
      assertThat(m.find()).isTrue();
      assertThat(GoText.expand("$1x", m)).isEmpty();
      assertThat(GoText.expand("${1}x", m)).isEqualTo("abcx");
      assertThat(GoText.expand("$word-$2 costs $$", m)).isEqualTo("abc-42 costs $");
      assertThat(GoText.expand("$9", m)).isEmpty();
    }
  }

  @Nested
  @DisplayName("which series a rule lists, and which serves a metric")
  class Listing {
    @Test
    @DisplayName("__name__ regular expressions are anchored, as Prometheus anchors them")
    void nameRegexIsAnchored() throws IOException {
      var rule =
          rule(
              "  - {seriesQuery: '{__name__=~\"container_.*\",container!=\"POD\"}', metricsQuery: x}\n");
      assertThat(rule.lists("container_cpu_usage_seconds_total")).isTrue();
      assertThat(rule.lists("node_container_count")).isFalse();
    }

    @Test
    @DisplayName("a metric name in the selector, and filters on the name (unanchored, as in Go)")
    void metricNameAndFilters() throws IOException {
      var byName = rule("  - {seriesQuery: 'http_requests_total{pod!=\"\"}', metricsQuery: x}\n");
      assertThat(byName.lists("http_requests_total")).isTrue();
      assertThat(byName.lists("grpc_requests_total")).isFalse();
      var filtered =
          rule(
              "  - seriesQuery: '{__name__=~\".*_total\"}'\n"
                  + "    seriesFilters: [{isNot: 'http_'}, {is: 'requests'}]\n"
                  + "    metricsQuery: x\n");
      assertThat(filtered.lists("grpc_requests_total")).isTrue();
      assertThat(filtered.lists("http_requests_total")).isFalse();
      assertThat(filtered.lists("grpc_errors_total")).isFalse();
    }

    @Test
    @DisplayName("serving: the rule and series that give an HPA's metric name")
    void serving() throws IOException {
      PrometheusAdapterRules rules =
          rules(
              """
              externalRules:
                - seriesQuery: '{__name__=~".*:p95_rate30s"}'
                  resources: {namespaced: false}
                  name: {matches: '^service_name:(.*):p95_rate30s$', as: p95_latency_ms}
                  metricsQuery: max(<<.Series>>{<<.LabelMatchers>>})
              """);
      List<String> series =
          List.of(
              "service_name:traces_span_metrics_duration_milliseconds:p95_rate30s",
              "service_name:traces_span_metrics_calls:rate30s");
      var served = rules.serving("p95_latency_ms", series);
      assertThat(served).hasSize(1);
      assertThat(served.get(0).series()).isEqualTo(series.get(0));
      assertThat(
              served
                  .get(0)
                  .rule()
                  .query(served.get(0).series(), "apps", matchLabels("service_name", "java-app")))
          .isEqualTo(
              "max(service_name:traces_span_metrics_duration_milliseconds:p95_rate30s"
                  + "{service_name=\"java-app\"})");
      assertThat(rules.serving("error_ratio", series)).isEmpty();
    }
  }

  @Nested
  @DisplayName("what the Adapter refuses at its start")
  class Refused {
    @Test
    void missingMetricsQuery() {
      assertThatThrownBy(() -> rule("  - {seriesQuery: foo}\n"))
          .isInstanceOf(InvalidInputException.class)
          .hasMessageContaining("externalRules[0].metricsQuery")
          .hasMessageContaining("is missing");
    }

    @Test
    void filterWithBoth() {
      assertThatThrownBy(
              () ->
                  rule(
                      "  - {seriesQuery: foo, metricsQuery: x, seriesFilters: [{is: a, isNot: b}]}\n"))
          .isInstanceOf(InvalidInputException.class)
          .hasMessageContaining("externalRules[0].seriesFilters[0]");
    }

    @Test
    void badRegex() {
      assertThatThrownBy(
              () -> rule("  - {seriesQuery: foo, metricsQuery: x, name: {matches: '(('}}\n"))
          .isInstanceOf(InvalidInputException.class)
          .hasMessageContaining("externalRules[0].name.matches");
    }
  }
}
