package io.scaleproof.cluster;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * One mapping of a YAML file the user wrote (a scenario, the k3s components), read field by field:
 * each getter checks the value and fails with an {@link InvalidInputException} naming the file and
 * the field's full path ({@code components[2].images[0]}, {@code slo.decisionWithin}) and what to
 * do. Unknown fields are refused, so a typo is never silently ignored.
 */
public final class YamlMapping {
  private final Path file;
  private final String path;
  private final Map<String, Object> values;

  private YamlMapping(Path file, String path, Map<String, Object> values) {
    this.file = file;
    this.path = path;
    this.values = values;
  }

  /**
   * The top-level mapping of a file that holds one YAML document, as every file a user writes for
   * scaleproof does (a scenario, a project, a components list).
   *
   * @param hint what the file should start with, for the errors
   * @throws InvalidInputException naming the file when it cannot be read, is not YAML, holds more
   *     or fewer than one document, or is not a mapping
   */
  public static YamlMapping file(Path file, String hint) {
    List<YamlDocuments.Document> documents = YamlDocuments.read(file);
    if (documents.size() != 1) {
      throw new InvalidInputException(
          file, "(file)", "holds " + documents.size() + " YAML documents, not one", hint);
    }
    return root(file, documents.get(0).value(), hint);
  }

  /** The document's top-level mapping; {@code hint} says what the file should start with. */
  public static YamlMapping root(Path file, Object document, String hint) {
    if (!(document instanceof Map<?, ?> map)) {
      throw new InvalidInputException(file, "(document)", "is not a mapping", hint);
    }
    return new YamlMapping(file, "", copy(map));
  }

  public Path file() {
    return file;
  }

  /** The full path of {@code key} in this mapping, as error messages name it. */
  public String at(String key) {
    return path.isEmpty() ? key : path + "." + key;
  }

  /** Fails on any key other than {@code known}: a typo must not be silently ignored. */
  public YamlMapping allowOnly(Set<String> known) {
    for (String key : values.keySet()) {
      if (!known.contains(key)) {
        throw invalid(at(key), "is not a known field", "Use one of " + new TreeSet<>(known));
      }
    }
    return this;
  }

  /** As {@link #allowOnly(Set)}. */
  public YamlMapping allowOnly(String... known) {
    return allowOnly(Set.of(known));
  }

  /** Whether {@code key} has a value (a null value counts as absent). */
  public boolean has(String key) {
    return values.get(key) != null;
  }

  /** The value of {@code key} as read (a number, a string, a list, a mapping), or null. */
  public Object value(String key) {
    return values.get(key);
  }

  /** A non-blank string. */
  public String string(String key, String fix) {
    return optionalString(key).orElseThrow(() -> invalid(at(key), "is missing", fix));
  }

  public Optional<String> optionalString(String key) {
    Object value = values.get(key);
    if (value == null) {
      return Optional.empty();
    }
    if (value instanceof Map<?, ?> || value instanceof List<?>) {
      throw invalid(at(key), "must be a single value, not '" + value + "'", "");
    }
    String text = String.valueOf(value).strip();
    if (text.isEmpty()) {
      throw invalid(at(key), "is empty", "Give a value or leave the field out");
    }
    return Optional.of(text);
  }

  /** A non-empty list of non-blank strings. */
  public List<String> strings(String key, String fix) {
    if (!(values.get(key) instanceof List<?> list) || list.isEmpty()) {
      throw invalid(at(key), "must be a non-empty list", fix);
    }
    List<String> strings = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      Object item = list.get(i);
      if (item == null || item instanceof Map<?, ?> || String.valueOf(item).isBlank()) {
        throw invalid(at(key) + "[" + i + "]", "is not a plain value", fix);
      }
      strings.add(String.valueOf(item).strip());
    }
    return strings;
  }

  /** A nested mapping; an absent one reads as empty. */
  public YamlMapping section(String key) {
    Object value = values.get(key);
    if (value == null) {
      return new YamlMapping(file, at(key), Map.of());
    }
    if (!(value instanceof Map<?, ?> map)) {
      throw invalid(at(key), "must be a mapping, not '" + value + "'", "");
    }
    return new YamlMapping(file, at(key), copy(map));
  }

  /** A non-empty list of mappings. */
  public List<YamlMapping> sections(String key, String fix) {
    if (!(values.get(key) instanceof List<?> list) || list.isEmpty()) {
      throw invalid(at(key), "must be a non-empty list", fix);
    }
    List<YamlMapping> sections = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      String at = at(key) + "[" + i + "]";
      if (!(list.get(i) instanceof Map<?, ?> map)) {
        throw invalid(at, "is not a mapping", fix);
      }
      sections.add(new YamlMapping(file, at, copy(map)));
    }
    return sections;
  }

  public Set<String> keys() {
    return values.keySet();
  }

  /**
   * An error about {@code field}, a full path as {@link #at} gives it.
   *
   * @param fix what to do, as a sentence; empty when the problem says it
   */
  public InvalidInputException invalid(String field, String problem, String fix) {
    return new InvalidInputException(file, field, problem, fix);
  }

  private static Map<String, Object> copy(Map<?, ?> map) {
    Map<String, Object> copy = new LinkedHashMap<>();
    map.forEach((key, value) -> copy.put(String.valueOf(key), value));
    return copy;
  }
}
