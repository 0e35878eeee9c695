package io.scaleproof.cluster.local;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The differential suites' comparison: facts observed step by step on the embedded cluster and on
 * the local backend, printed side by side, and the differences that are not accepted. A difference
 * is accepted when its fact's name, or {@code "<step> / <fact>"}, is a key of the accepted map,
 * whose value says why.
 */
final class Differences {
  private Differences() {}

  static void print(String title, List<Map<String, String>> sim, List<Map<String, String>> local) {
    System.out.println("differential: " + title);
    System.out.printf("| step | fact | embedded | real | agree |%n|---|---|---|---|---|%n");
    for (int i = 0; i < Math.max(sim.size(), local.size()); i++) {
      Map<String, String> s = i < sim.size() ? sim.get(i) : Map.of();
      Map<String, String> l = i < local.size() ? local.get(i) : Map.of();
      String step = s.getOrDefault("step", l.getOrDefault("step", "#" + i));
      for (String fact : facts(s, l)) {
        System.out.printf(
            "| %s | %s | %s | %s | %s |%n",
            step,
            fact,
            s.get(fact),
            l.get(fact),
            Objects.equals(s.get(fact), l.get(fact)) ? "yes" : "NO");
      }
    }
  }

  /** Each difference not accepted, as {@code "<step> / <fact>: <embedded> ≠ <real>"}. */
  static List<String> unaccepted(
      List<Map<String, String>> sim,
      List<Map<String, String>> local,
      Map<String, String> accepted) {
    List<String> differences = new ArrayList<>();
    if (sim.size() != local.size()) {
      differences.add("steps: " + sim.size() + " ≠ " + local.size());
    }
    for (int i = 0; i < Math.min(sim.size(), local.size()); i++) {
      Map<String, String> s = sim.get(i);
      Map<String, String> l = local.get(i);
      String step = s.get("step");
      for (String fact : facts(s, l)) {
        if (!Objects.equals(s.get(fact), l.get(fact))
            && !accepted.containsKey(fact)
            && !accepted.containsKey(step + " / " + fact)) {
          differences.add(step + " / " + fact + ": " + s.get(fact) + " ≠ " + l.get(fact));
        }
      }
    }
    return differences;
  }

  private static Set<String> facts(Map<String, String> s, Map<String, String> l) {
    Set<String> facts = new LinkedHashSet<>(s.keySet());
    facts.addAll(l.keySet());
    facts.remove("step");
    return facts;
  }
}
