package io.scaleproof.cluster.sim.argocd;

import java.util.List;
import java.util.Map;

/**
 * The comparison of Git with the cluster for one Application: every managed resource, the
 * Application's sync status ({@code Synced} or {@code OutOfSync}) and health, and the {@code
 * status.resources} list a user reads.
 */
record Comparison(
    List<ArgoCdController.Managed> managed,
    String syncStatus,
    String health,
    List<Map<String, Object>> resources) {}
