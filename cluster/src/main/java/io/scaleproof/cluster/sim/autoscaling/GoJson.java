package io.scaleproof.cluster.sim.autoscaling;

/**
 * Go's {@code encoding/json} decoding a float64, as KEDA's typed trigger config decodes a number
 * parameter: the value is read as a JSON document, so {@code 1e3} and {@code -5} are numbers,
 * {@code null} leaves 0, and anything else fails with the text of Go's scanner ({@code invalid
 * character 'm' after top-level value}) or decoder ({@code json: cannot unmarshal string into Go
 * value of type float64}).
 */
final class GoJson {

  /** A document that is not a float64, with Go's message. */
  static final class SyntaxError extends Exception {
    private static final long serialVersionUID = 1L;

    SyntaxError(String message) {
      super(message);
    }
  }

  private GoJson() {}

  static double float64(String text) throws SyntaxError {
    String json = text.strip();
    if (json.isEmpty()) {
      throw new SyntaxError("unexpected end of JSON input");
    }
    char first = json.charAt(0);
    if (first == '-' || (first >= '0' && first <= '9')) {
      int end = scanNumber(json);
      if (end < json.length()) {
        throw new SyntaxError(
            "invalid character " + quote(json.charAt(end)) + " after top-level value");
      }
      double value = Double.parseDouble(json);
      if (Double.isInfinite(value)) {
        throw new SyntaxError(
            "json: cannot unmarshal number " + json + " into Go value of type float64");
      }
      return value;
    }
    switch (json) {
      case "null":
        return 0;
      case "true", "false":
        throw cannotUnmarshal("bool");
      default:
        break;
    }
    if (first == '"' && json.length() > 1 && json.endsWith("\"")) {
      throw cannotUnmarshal("string");
    }
    if (first == '{' && json.endsWith("}")) {
      throw cannotUnmarshal("object");
    }
    if (first == '[' && json.endsWith("]")) {
      throw cannotUnmarshal("array");
    }
    if (first == '"'
        || first == '{'
        || first == '['
        || first == 't'
        || first == 'f'
        || first == 'n') {
      throw new SyntaxError("unexpected end of JSON input");
    }
    throw new SyntaxError("invalid character " + quote(first) + " looking for beginning of value");
  }

  /** Scans a JSON number from the start; returns where it ends, or throws Go's scanner error. */
  private static int scanNumber(String json) throws SyntaxError {
    int i = 0;
    if (json.charAt(i) == '-') {
      i++;
      if (!digit(at(json, i))) {
        throw new SyntaxError("invalid character " + quote(at(json, i)) + " in numeric literal");
      }
    }
    if (json.charAt(i) == '0') {
      i++;
    } else {
      while (i < json.length() && digit(json.charAt(i))) {
        i++;
      }
    }
    if (i < json.length() && json.charAt(i) == '.') {
      i++;
      if (!digit(at(json, i))) {
        throw new SyntaxError(
            "invalid character " + quote(at(json, i)) + " after decimal point in numeric literal");
      }
      while (i < json.length() && digit(json.charAt(i))) {
        i++;
      }
    }
    if (i < json.length() && (json.charAt(i) == 'e' || json.charAt(i) == 'E')) {
      i++;
      if (i < json.length() && (json.charAt(i) == '+' || json.charAt(i) == '-')) {
        i++;
      }
      if (!digit(at(json, i))) {
        throw new SyntaxError(
            "invalid character " + quote(at(json, i)) + " in exponent of numeric literal");
      }
      while (i < json.length() && digit(json.charAt(i))) {
        i++;
      }
    }
    // Go skips white space between the value and what follows it.
    while (i < json.length() && " \t\r\n".indexOf(json.charAt(i)) >= 0) {
      i++;
    }
    return i;
  }

  /** The character at {@code i}; past the end, the space Go's scanner feeds itself at EOF. */
  private static char at(String json, int i) {
    return i < json.length() ? json.charAt(i) : ' ';
  }

  private static SyntaxError cannotUnmarshal(String type) {
    return new SyntaxError("json: cannot unmarshal " + type + " into Go value of type float64");
  }

  private static boolean digit(char c) {
    return c >= '0' && c <= '9';
  }

  /** Go's quoteChar: {@code 'x'}, with {@code '\''} and {@code '"'} spelled as Go spells them. */
  private static String quote(char c) {
    if (c == '\'') {
      return "'\\''";
    }
    if (c == '"') {
      return "'\"'";
    }
    return "'" + c + "'";
  }
}
