package io.scaleproof.cluster.sim.kubelet;

/**
 * A container image reference split as a container runtime splits it: {@code
 * [registry/]repository[:tag][@digest]}. Docker Hub's implicit {@code docker.io/} and {@code
 * library/} prefixes are dropped so that {@code python:3.11} and {@code
 * docker.io/library/python:3.11} name the same image.
 */
record ImageReference(String repository, String tag, String digest) {

  static ImageReference parse(String reference) {
    String rest = reference;
    String digest = null;
    int at = rest.indexOf('@');
    if (at >= 0) {
      digest = rest.substring(at + 1);
      rest = rest.substring(0, at);
    }
    String tag = null;
    int colon = rest.lastIndexOf(':');
    if (colon > rest.lastIndexOf('/')) {
      tag = rest.substring(colon + 1);
      rest = rest.substring(0, colon);
    }
    rest = stripPrefix(stripPrefix(rest, "docker.io/"), "library/");
    return new ImageReference(rest, tag, digest);
  }

  private static String stripPrefix(String value, String prefix) {
    return value.startsWith(prefix) ? value.substring(prefix.length()) : value;
  }
}
