package io.scaleproof.cluster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.constructor.StandardConstructor;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.Node;

/** Reads a (multi-document) YAML file into plain Java values, remembering where each starts. */
public final class YamlDocuments {
  private YamlDocuments() {}

  /**
   * One document of a file.
   *
   * @param index 1-based position in the file
   * @param line 1-based line where the document's content starts
   * @param value maps, lists and scalars as snakeyaml-engine constructs them
   */
  public record Document(int index, int line, Object value) {
    /** The place of this document in an error message. */
    public String where() {
      return "document " + index + " (line " + line + ")";
    }
  }

  /** Reads every non-empty document of {@code file}; fails with the parser's line and column. */
  public static List<Document> read(Path file) {
    String text;
    try {
      text = Files.readString(file);
    } catch (IOException e) {
      throw new InvalidInputException(file, "file", "cannot be read (" + e + ")", "Check the path");
    }
    LoadSettings settings = LoadSettings.builder().setLabel(file.toString()).build();
    List<Document> documents = new ArrayList<>();
    try {
      int index = 0;
      for (Node node : new Compose(settings).composeAllFromString(text)) {
        index++;
        Object value = new StandardConstructor(settings).constructSingleDocument(Optional.of(node));
        if (value != null) {
          int line = node.getStartMark().map(mark -> mark.getLine() + 1).orElse(1);
          documents.add(new Document(index, line, value));
        }
      }
    } catch (YamlEngineException e) {
      throw new InvalidInputException(
          file,
          "YAML",
          "is not valid YAML: " + e.getMessage().replace('\n', ' ').trim(),
          "Fix the syntax at the line and column given");
    }
    return documents;
  }
}
