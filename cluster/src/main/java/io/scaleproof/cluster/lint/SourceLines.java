package io.scaleproof.cluster.lint;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.common.ScalarStyle;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/**
 * The line of a field in the file that declares it, for findings a reader (or CI code scanning) can
 * jump to. The deepest part of the path present in the file gives the line; inside a text value (a
 * config file in a ConfigMap) the line of the text searched for.
 */
final class SourceLines {
  private final Map<Path, List<Node>> documents = new HashMap<>();

  int line(Declared object, Object[] path, String within) {
    List<Node> nodes = documents.computeIfAbsent(object.file(), SourceLines::compose);
    if (object.document() < 1 || object.document() > nodes.size()) {
      return 1;
    }
    Node node = nodes.get(object.document() - 1);
    int line = lineOf(node);
    for (Object step : path) {
      Node next = child(node, step);
      if (next == null) {
        break;
      }
      node = next;
      line = lineOf(node);
    }
    if (within != null && node instanceof ScalarNode scalar) {
      String[] lines = scalar.getValue().split("\n", -1);
      for (int i = 0; i < lines.length; i++) {
        if (lines[i].contains(within)) {
          // A block scalar's text starts on the line after its indicator.
          boolean block =
              scalar.getScalarStyle() == ScalarStyle.LITERAL
                  || scalar.getScalarStyle() == ScalarStyle.FOLDED;
          return line + i + (block ? 1 : 0);
        }
      }
    }
    return line;
  }

  private static Node child(Node node, Object step) {
    if (node instanceof MappingNode mapping) {
      for (NodeTuple tuple : mapping.getValue()) {
        if (tuple.getKeyNode() instanceof ScalarNode key
            && key.getValue().equals(String.valueOf(step))) {
          return tuple.getValueNode();
        }
      }
    } else if (node instanceof SequenceNode sequence && step instanceof Integer index) {
      return index < sequence.getValue().size() ? sequence.getValue().get(index) : null;
    }
    return null;
  }

  private static int lineOf(Node node) {
    return node.getStartMark().map(mark -> mark.getLine() + 1).orElse(1);
  }

  private static List<Node> compose(Path file) {
    try {
      String text = Files.readString(file);
      LoadSettings settings = LoadSettings.builder().setLabel(file.toString()).build();
      return StreamSupport.stream(
              new Compose(settings).composeAllFromString(text).spliterator(), false)
          .toList();
    } catch (IOException | YamlEngineException e) {
      return List.of();
    }
  }
}
