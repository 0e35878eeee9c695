package io.scaleproof.cluster.sim.controller;

import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;

/**
 * The {@code pod-template-hash} label: FNV-32a over the pod template plus the collision count,
 * printed in decimal and safe-encoded, as the Deployment controller's {@code ComputeHash} does.
 *
 * <p>Upstream feeds the hasher Go's deep-printed struct, which Java cannot reproduce byte for byte;
 * here it is the template's JSON with sorted keys. The hash therefore has the same form and the
 * same properties (stable for a template, different when the template changes) but not the same
 * value a real cluster would show.
 */
public final class PodTemplateHash {
  private static final int FNV_OFFSET = 0x811c9dc5;
  private static final int FNV_PRIME = 0x01000193;
  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  private PodTemplateHash() {}

  public static String of(PodTemplateSpec template, Integer collisionCount) {
    int hash = fnv32a(FNV_OFFSET, canonicalJson(template).getBytes(StandardCharsets.UTF_8));
    if (collisionCount != null) {
      byte[] count =
          ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putInt(collisionCount).array();
      hash = fnv32a(hash, count);
    }
    return Names.safeEncode(Integer.toUnsignedString(hash));
  }

  static int fnv32a(int seed, byte[] data) {
    int hash = seed;
    for (byte b : data) {
      hash ^= Byte.toUnsignedInt(b);
      hash *= FNV_PRIME;
    }
    return hash;
  }

  private static String canonicalJson(PodTemplateSpec template) {
    Object tree = SERIALIZATION.convertValue(template, Object.class);
    return SERIALIZATION.asJson(sorted(tree));
  }

  private static Object sorted(Object node) {
    if (node instanceof Map<?, ?> map) {
      Map<String, Object> ordered = new TreeMap<>();
      map.forEach((k, v) -> ordered.put(String.valueOf(k), sorted(v)));
      return ordered;
    }
    if (node instanceof java.util.List<?> list) {
      return list.stream().map(PodTemplateHash::sorted).toList();
    }
    return node;
  }
}
