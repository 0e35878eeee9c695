package io.scaleproof.cluster.sim.kubelet;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The argv a container runs, from its image and its spec, as Kubernetes defines it:
 *
 * <ul>
 *   <li>neither {@code command} nor {@code args}: the image's ENTRYPOINT then CMD;
 *   <li>{@code command} only: the command alone, the image's CMD is ignored;
 *   <li>{@code args} only: the image's ENTRYPOINT with the args;
 *   <li>both: the command and the args.
 * </ul>
 *
 * <p>{@code $(VAR)} references in {@code command} and {@code args} expand against the container's
 * env (never the image's own ENTRYPOINT/CMD, which a runtime passes through untouched).
 */
public final class ContainerCommand {
  private ContainerCommand() {}

  public static List<String> argv(
      RuntimeImage image, List<String> command, List<String> args, Map<String, String> env) {
    List<String> argv = new ArrayList<>();
    boolean hasCommand = command != null && !command.isEmpty();
    boolean hasArgs = args != null && !args.isEmpty();
    if (hasCommand) {
      command.forEach(word -> argv.add(Expansion.expand(word, env)));
    } else {
      argv.addAll(image.entrypoint());
    }
    if (hasArgs) {
      args.forEach(word -> argv.add(Expansion.expand(word, env)));
    } else if (!hasCommand) {
      argv.addAll(image.cmd());
    }
    return argv;
  }
}
