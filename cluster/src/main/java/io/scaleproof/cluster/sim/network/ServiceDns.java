package io.scaleproof.cluster.sim.network;

import java.util.Optional;
import java.util.function.BiFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Cluster DNS for processes that share the host's resolver. Pods on the embedded cluster are local
 * processes, so {@code otel-collector.observability.svc:4318} means nothing to their resolver; the
 * kubelet rewrites Service names to the Service's cluster IP in the env values and args it passes.
 *
 * <p>The rule, chosen so that ordinary words are never touched:
 *
 * <ul>
 *   <li>{@code svc.ns.svc.cluster.local} and {@code svc.ns.svc} are rewritten wherever they appear;
 *   <li>{@code svc.ns} and a bare {@code svc} (resolved in the pod's namespace, like the search
 *       path of a pod's resolv.conf) only in host position: after {@code ://} or {@code @}, or
 *       right before {@code :<port>}. A value that is just a name is left alone: it cannot be told
 *       apart from a plain word ({@code OTEL_SERVICE_NAME=checkout} next to a Service {@code
 *       checkout}); write the fully qualified name where a bare host is meant.
 * </ul>
 *
 * A fully qualified name ({@code svc.ns.svc.cluster.local}, {@code svc.ns.svc}) that is no Service
 * becomes {@code nowhere}, a loopback address where nothing listens: a process then sees a refused
 * connection, as it would see a failed lookup in a cluster, and no query for a cluster name ever
 * leaves the machine. Any other name that is no Service is left as written. Names are resolved when
 * a container starts, so a Service must exist before the pods that name it start; a pod that starts
 * too early fails and is restarted by its back-off, and then finds it.
 */
public final class ServiceDns {
  private static final Pattern HOST = Pattern.compile("[A-Za-z0-9][A-Za-z0-9.-]*");
  private static final Pattern LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");

  private final String clusterDomain;
  private final String nowhere;

  /**
   * @param nowhere the loopback address that fully qualified names of absent Services resolve to
   */
  public ServiceDns(String clusterDomain, String nowhere) {
    this.clusterDomain = clusterDomain;
    this.nowhere = nowhere;
  }

  /**
   * Rewrites Service names in {@code value}.
   *
   * @param lookup (namespace, name) → the Service's cluster IP, or null if there is none
   */
  public String rewrite(
      String value, String podNamespace, BiFunction<String, String, String> lookup) {
    Matcher matcher = HOST.matcher(value);
    StringBuilder out = new StringBuilder();
    int last = 0;
    while (matcher.find()) {
      String token = matcher.group();
      int end = matcher.end();
      // A trailing dot ends a sentence or makes a name fully qualified: never part of the host.
      while (token.endsWith(".")) {
        token = token.substring(0, token.length() - 1);
        end--;
      }
      Optional<String> ip = resolve(value, matcher.start(), end, token, podNamespace, lookup);
      if (ip.isPresent()) {
        out.append(value, last, matcher.start()).append(ip.get());
        last = end;
      }
    }
    return out.append(value.substring(last)).toString();
  }

  private Optional<String> resolve(
      String value,
      int start,
      int end,
      String host,
      String podNamespace,
      BiFunction<String, String, String> lookup) {
    String[] labels = host.split("\\.", -1);
    for (String label : labels) {
      if (!LABEL.matcher(label).matches()) {
        return Optional.empty();
      }
    }
    String name = labels[0];
    boolean qualified =
        (host.endsWith(".svc." + clusterDomain) && labels.length == 3 + dots(clusterDomain) + 1)
            || (labels.length == 3 && labels[2].equals("svc"));
    String namespace;
    if (qualified) {
      namespace = labels[1];
    } else if (labels.length <= 2 && inHostPosition(value, start, end)) {
      namespace = labels.length == 2 ? labels[1] : podNamespace;
    } else {
      return Optional.empty();
    }
    String ip = lookup.apply(namespace, name);
    return Optional.ofNullable(ip == null && qualified ? nowhere : ip);
  }

  private static int dots(String domain) {
    return (int) domain.chars().filter(c -> c == '.').count();
  }

  private static boolean inHostPosition(String value, int start, int end) {
    boolean afterScheme = value.startsWith("://", Math.max(0, start - 3)) && start >= 3;
    boolean afterUserInfo = start > 0 && value.charAt(start - 1) == '@';
    boolean beforePort =
        end + 1 < value.length()
            && value.charAt(end) == ':'
            && Character.isDigit(value.charAt(end + 1));
    return afterScheme || afterUserInfo || beforePort;
  }

  /**
   * The kubelet's rewriter on a cluster whose Services get addresses of {@code servicePrefix} (such
   * as {@code 127.131.43.}): (value, pod namespace) → the value with the names of the Services
   * {@code client} reads rewritten to their cluster IPs. {@code .255} of the block is never handed
   * out, so nothing listens there: it is {@code nowhere}.
   */
  public static java.util.function.BinaryOperator<String> rewriter(
      io.fabric8.kubernetes.client.KubernetesClient client, String servicePrefix) {
    ServiceDns dns = new ServiceDns("cluster.local", servicePrefix + "255");
    return (value, namespace) ->
        dns.rewrite(
            value,
            namespace,
            (ns, name) -> {
              io.fabric8.kubernetes.api.model.Service service =
                  client.services().inNamespace(ns).withName(name).get();
              String ip = service == null ? null : service.getSpec().getClusterIP();
              return ip == null || ip.isEmpty() || "None".equals(ip) ? null : ip;
            });
  }
}
