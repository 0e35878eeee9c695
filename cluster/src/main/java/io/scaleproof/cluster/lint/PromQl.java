package io.scaleproof.cluster.lint;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What lint needs of a PromQL expression, without evaluating it: the series it selects (metric
 * name, label matchers, range window), the labels it groups by, and the labels its result keeps. A
 * tokenizer and a walk over the tokens; a full parse is not needed to know what an expression
 * reads.
 */
final class PromQl {
  private static final Set<String> AGGREGATIONS =
      Set.of(
          "sum",
          "avg",
          "min",
          "max",
          "count",
          "group",
          "stddev",
          "stdvar",
          "topk",
          "bottomk",
          "quantile",
          "count_values",
          "limitk",
          "limit_ratio");
  private static final Set<String> KEYWORDS =
      Set.of(
          "by",
          "without",
          "on",
          "ignoring",
          "group_left",
          "group_right",
          "bool",
          "and",
          "or",
          "unless",
          "offset",
          "atan2",
          "inf",
          "nan");
  private static final Set<String> GROUPINGS =
      Set.of("by", "without", "on", "ignoring", "group_left", "group_right");
  private static final Pattern TOKEN =
      Pattern.compile(
          "\\s*(?:(?<string>\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)*'|`[^`]*`)"
              + "|(?<range>\\[[^\\]]*\\])"
              + "|(?<number>[0-9]+(?:\\.[0-9]*)?(?:[eE][-+]?[0-9]+)?|\\.[0-9]+)"
              + "|(?<ident>[a-zA-Z_:][a-zA-Z0-9_:]*)"
              + "|(?<op>=~|!~|!=|==|>=|<=|[-+*/%^=<>(){},]))");
  private static final Pattern DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|s|m|h|d|w|y)");

  /** A label matcher of a selector: {@code service_name="java-app"}. */
  record LabelMatcher(String label, String op, String value) {}

  /** A vector selector, with its range window when it has one. */
  record Selector(String metric, List<LabelMatcher> matchers, Duration range) {}

  /** One parsed expression. */
  record Expression(
      String text,
      List<Selector> selectors,
      List<String> functions,
      Set<String> groupingLabels,
      Set<String> resultLabels,
      boolean divides) {

    /** Whether the expression's result is a quantile of a histogram. */
    boolean isQuantile() {
      return functions.contains("histogram_quantile");
    }
  }

  private PromQl() {}

  /**
   * Parses {@code text}.
   *
   * @throws IllegalArgumentException for a character PromQL does not have
   */
  static Expression parse(String text) {
    List<String[]> tokens = tokenize(text);
    List<Selector> selectors = new ArrayList<>();
    List<String> functions = new ArrayList<>();
    Set<String> grouping = new LinkedHashSet<>();
    Set<String> outermostBy = null;
    int outermostDepth = Integer.MAX_VALUE;
    boolean outermostWithout = false;
    int depth = 0;
    boolean divides = false;
    for (int i = 0; i < tokens.size(); i++) {
      String kind = tokens.get(i)[0];
      String value = tokens.get(i)[1];
      switch (kind) {
        case "op" -> {
          if (value.equals("(")) {
            depth++;
          } else if (value.equals(")")) {
            depth--;
          } else if (value.equals("{")) {
            i = selector(tokens, i, null, selectors);
          } else if (value.equals("/")) {
            divides = true;
          }
        }
        case "ident" -> {
          boolean call = next(tokens, i, "(");
          if (GROUPINGS.contains(value)) {
            Set<String> labels = new LinkedHashSet<>();
            i = labelList(tokens, i + 1, labels);
            grouping.addAll(labels);
            if ((value.equals("by") || value.equals("without")) && depth < outermostDepth) {
              outermostDepth = depth;
              outermostBy = labels;
              outermostWithout = value.equals("without");
            }
          } else if (value.equals("offset")) {
            i += 2; // a duration: a number and its unit
          } else if (KEYWORDS.contains(value.toLowerCase())) {
            // an operator or a constant
          } else if (call) {
            functions.add(value);
            if (AGGREGATIONS.contains(value) && depth < outermostDepth) {
              // An aggregation without by (yet): keeps no label unless a by clause follows it.
              int closing = closing(tokens, i + 1);
              boolean byAfter =
                  closing + 1 < tokens.size()
                      && (tokens.get(closing + 1)[1].equals("by")
                          || tokens.get(closing + 1)[1].equals("without"));
              if (!byAfter) {
                outermostDepth = depth;
                outermostBy = new LinkedHashSet<>();
                outermostWithout = false;
              }
            }
          } else if (AGGREGATIONS.contains(value)
              && i + 1 < tokens.size()
              && (tokens.get(i + 1)[1].equals("by") || tokens.get(i + 1)[1].equals("without"))) {
            functions.add(value);
          } else {
            i = selector(tokens, i, value, selectors);
          }
        }
        default -> {}
      }
    }
    Set<String> result = null;
    if (outermostBy != null && !outermostWithout) {
      result = new LinkedHashSet<>(outermostBy);
      if (functions.contains("histogram_quantile")) {
        result.remove("le");
      }
    }
    return new Expression(text, selectors, functions, grouping, result, divides);
  }

  /** A duration in PromQL's notation ({@code 30s}, {@code 1m30s}); null when it is none. */
  static Duration duration(String text) {
    Matcher matcher = DURATION.matcher(text.trim());
    Duration total = Duration.ZERO;
    int end = 0;
    while (matcher.find()) {
      if (matcher.start() != end) {
        return null;
      }
      end = matcher.end();
      double amount = Double.parseDouble(matcher.group(1));
      long millis =
          switch (matcher.group(2)) {
            case "ms" -> 1;
            case "s" -> 1_000;
            case "m" -> 60_000;
            case "h" -> 3_600_000;
            case "d" -> 86_400_000;
            case "w" -> 604_800_000;
            default -> 31_536_000_000L;
          };
      total = total.plusMillis((long) (amount * millis));
    }
    return end == text.trim().length() && end > 0 ? total : null;
  }

  private static int selector(
      List<String[]> tokens, int i, String metric, List<Selector> selectors) {
    List<LabelMatcher> matchers = new ArrayList<>();
    int at = metric == null ? i : i + 1;
    String name = metric;
    if (at < tokens.size() && tokens.get(at)[1].equals("{")) {
      at++;
      while (at < tokens.size() && !tokens.get(at)[1].equals("}")) {
        if (tokens.get(at)[0].equals("ident") && at + 2 < tokens.size()) {
          String label = tokens.get(at)[1];
          String op = tokens.get(at + 1)[1];
          String value = unquote(tokens.get(at + 2)[1]);
          if (label.equals("__name__") && op.equals("=")) {
            name = value;
          } else {
            matchers.add(new LabelMatcher(label, op, value));
          }
          at += 3;
        } else if (tokens.get(at)[0].equals("string") && name == null) {
          name = unquote(tokens.get(at)[1]);
          at++;
        } else {
          at++;
        }
      }
    } else {
      at--;
    }
    Duration range = null;
    if (at + 1 < tokens.size() && tokens.get(at + 1)[0].equals("range")) {
      String window = tokens.get(at + 1)[1];
      window = window.substring(1, window.length() - 1);
      int colon = window.indexOf(':');
      range = duration(colon >= 0 ? window.substring(0, colon) : window);
      at++;
    }
    selectors.add(new Selector(name, List.copyOf(matchers), range));
    return at;
  }

  private static int labelList(List<String[]> tokens, int i, Set<String> labels) {
    if (i >= tokens.size() || !tokens.get(i)[1].equals("(")) {
      return i - 1;
    }
    int at = i + 1;
    while (at < tokens.size() && !tokens.get(at)[1].equals(")")) {
      if (tokens.get(at)[0].equals("ident")) {
        labels.add(tokens.get(at)[1]);
      }
      at++;
    }
    return at;
  }

  private static int closing(List<String[]> tokens, int open) {
    int depth = 0;
    for (int at = open; at < tokens.size(); at++) {
      if (tokens.get(at)[1].equals("(")) {
        depth++;
      } else if (tokens.get(at)[1].equals(")") && --depth == 0) {
        return at;
      }
    }
    return tokens.size() - 1;
  }

  private static boolean next(List<String[]> tokens, int i, String value) {
    return i + 1 < tokens.size() && tokens.get(i + 1)[1].equals(value);
  }

  private static String unquote(String text) {
    if (text.length() >= 2 && "\"'`".indexOf(text.charAt(0)) >= 0) {
      return text.substring(1, text.length() - 1).replace("\\\\", "\\");
    }
    return text;
  }

  private static List<String[]> tokenize(String text) {
    List<String[]> tokens = new ArrayList<>();
    Matcher matcher = TOKEN.matcher(text);
    int at = 0;
    while (at < text.length()) {
      if (text.substring(at).isBlank()) {
        break;
      }
      if (!matcher.find(at) || matcher.start() != at) {
        throw new IllegalArgumentException(
            "cannot read the expression at character " + (at + 1) + ": " + text.substring(at));
      }
      for (String group : List.of("string", "range", "number", "ident", "op")) {
        if (matcher.group(group) != null) {
          tokens.add(new String[] {group, matcher.group(group)});
        }
      }
      at = matcher.end();
    }
    return tokens;
  }
}
