package io.scaleproof.cluster.sim.controller;

import java.security.SecureRandom;
import java.util.Random;

/**
 * Generated object names as the API server makes them ({@code metadata.generateName}): the base,
 * cut to leave room, then five characters from the alphabet Kubernetes uses so that names carry no
 * vowels and no look-alike digits.
 */
public final class Names {
  /** apimachinery's {@code rand} alphabet: no vowels, no 0/1/3 that read like letters. */
  static final String ALPHANUMS = "bcdfghjklmnpqrstvwxz2456789";

  private static final int RANDOM_LENGTH = 5;
  private static final int MAX_NAME_LENGTH = 63;
  private static final Random RANDOM = new SecureRandom();

  private Names() {}

  /** {@code generateName} + five random characters, the base cut so the whole stays ≤ 63. */
  public static String generate(String base) {
    String cut =
        base.length() > MAX_NAME_LENGTH - RANDOM_LENGTH
            ? base.substring(0, MAX_NAME_LENGTH - RANDOM_LENGTH)
            : base;
    StringBuilder name = new StringBuilder(cut);
    for (int i = 0; i < RANDOM_LENGTH; i++) {
      name.append(ALPHANUMS.charAt(RANDOM.nextInt(ALPHANUMS.length())));
    }
    return name.toString();
  }

  /** apimachinery's {@code SafeEncodeString}: each byte mapped into the alphabet. */
  static String safeEncode(String value) {
    StringBuilder encoded = new StringBuilder(value.length());
    for (byte b : value.getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
      encoded.append(ALPHANUMS.charAt(Byte.toUnsignedInt(b) % ALPHANUMS.length()));
    }
    return encoded.toString();
  }
}
