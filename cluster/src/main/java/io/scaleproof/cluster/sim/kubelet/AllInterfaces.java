package io.scaleproof.cluster.sim.kubelet;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * In a pod, {@code 0.0.0.0} means every interface of the pod's own network namespace: its one
 * address. Pods on the embedded cluster share the host's network, so the kubelet writes the pod's
 * address where a config, an env value or an argument says {@code 0.0.0.0}; a process then listens
 * where the pod would, and never on the host's other interfaces.
 */
final class AllInterfaces {
  private static final Pattern ANY = Pattern.compile("(?<![\\d.])0\\.0\\.0\\.0(?![\\d.]*\\d)");

  private AllInterfaces() {}

  static String toPodAddress(String value, String podIp) {
    if (podIp == null || !value.contains("0.0.0.0")) {
      return value;
    }
    return ANY.matcher(value).replaceAll(Matcher.quoteReplacement(podIp));
  }
}
