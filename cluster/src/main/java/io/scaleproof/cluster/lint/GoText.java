package io.scaleproof.cluster.lint;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;

/** What the Prometheus Adapter's Go does to text that Java does otherwise. */
final class GoText {
  private GoText() {}

  /**
   * Go's {@code Regexp.Expand}: {@code $name} or {@code ${name}}, the longest run of letters,
   * digits and underscores; a number is a group's index; an unknown or unmatched group is empty;
   * {@code $$} is a dollar.
   */
  static String expand(String template, Matcher match) {
    StringBuilder out = new StringBuilder();
    int i = 0;
    while (i < template.length()) {
      char c = template.charAt(i);
      if (c != '$' || i + 1 >= template.length()) {
        out.append(c);
        i++;
        continue;
      }
      if (template.charAt(i + 1) == '$') {
        out.append('$');
        i += 2;
        continue;
      }
      String name;
      int end;
      if (template.charAt(i + 1) == '{') {
        int close = template.indexOf('}', i + 2);
        if (close < 0) {
          out.append(c);
          i++;
          continue;
        }
        name = template.substring(i + 2, close);
        end = close + 1;
      } else {
        end = i + 1;
        while (end < template.length()
            && (Character.isLetterOrDigit(template.charAt(end)) || template.charAt(end) == '_')) {
          end++;
        }
        name = template.substring(i + 1, end);
      }
      if (name.isEmpty()) {
        out.append(c);
        i++;
        continue;
      }
      out.append(group(match, name));
      i = end;
    }
    return out.toString();
  }

  private static String group(Matcher match, String name) {
    try {
      String value =
          name.chars().allMatch(Character::isDigit)
              ? (Integer.parseInt(name) <= match.groupCount()
                  ? match.group(Integer.parseInt(name))
                  : null)
              : match.group(name);
      return value == null ? "" : value;
    } catch (IllegalArgumentException e) {
      return "";
    }
  }

  /** Go's {@code %q} for the plain strings label values are. */
  static String goQuote(String value) {
    return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }

  /** Go's {@code fmt} of a {@code map[string]string}: {@code map[a:x b:y]}, keys sorted. */
  static String goMap(Map<String, String> values) {
    List<String> entries = new ArrayList<>();
    values.forEach((k, v) -> entries.add(k + ":" + v));
    return "map[" + String.join(" ", entries) + "]";
  }

  /** Go's RE2 syntax as Java reads it: named groups are {@code (?P<name>...)} in Go. */
  static String goRegex(String regex) {
    return regex.replace("(?P<", "(?<");
  }
}
