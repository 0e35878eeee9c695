package io.scaleproof.cluster.sim.kubelet;

import java.util.Map;
import java.util.function.Function;

/**
 * Kubernetes' {@code $(VAR)} expansion for container {@code command}, {@code args} and env values,
 * as the kubelet does it (k8s {@code third_party/forked/golang/expansion/expand.go}).
 *
 * <p>{@code $(NAME)} is replaced by the variable's value when it is defined and left as written
 * when it is not; {@code $$} is an escape for a literal {@code $}; a {@code $} followed by anything
 * else stays as it is, and so does an unclosed {@code $(}.
 */
public final class Expansion {
  private static final char OPERATOR = '$';
  private static final char OPEN = '(';
  private static final char CLOSE = ')';

  private Expansion() {}

  /** Expands {@code input} against a map of defined variables. */
  public static String expand(String input, Map<String, String> defined) {
    return expand(input, name -> defined.get(name));
  }

  /**
   * Expands {@code input}; {@code lookup} returns a variable's value, or null when it is not
   * defined.
   */
  public static String expand(String input, Function<String, String> lookup) {
    StringBuilder out = new StringBuilder(input.length());
    int checkpoint = 0;
    for (int cursor = 0; cursor < input.length(); cursor++) {
      if (input.charAt(cursor) != OPERATOR || cursor + 1 >= input.length()) {
        continue;
      }
      out.append(input, checkpoint, cursor);
      Reference ref = readReference(input, cursor + 1);
      if (ref.isVariable()) {
        String value = lookup.apply(ref.text());
        out.append(value != null ? value : "$(" + ref.text() + ")");
      } else {
        out.append(ref.text());
      }
      cursor += ref.advance();
      checkpoint = cursor + 1;
    }
    return out.append(input.substring(Math.min(checkpoint, input.length()))).toString();
  }

  /**
   * What follows a {@code $} at {@code start}: a variable name, an escaped {@code $}, or literal
   * text; {@code advance} is how many characters after the {@code $} it consumed.
   */
  private record Reference(String text, boolean isVariable, int advance) {}

  private static Reference readReference(String input, int start) {
    char next = input.charAt(start);
    if (next == OPERATOR) {
      return new Reference("$", false, 1);
    }
    if (next == OPEN) {
      for (int i = start + 1; i < input.length(); i++) {
        if (input.charAt(i) == CLOSE) {
          return new Reference(input.substring(start + 1, i), true, i - start + 1);
        }
      }
      // An unclosed reference: keep "$(" and go on scanning after it.
      return new Reference("$(", false, 1);
    }
    return new Reference("$" + next, false, 1);
  }
}
