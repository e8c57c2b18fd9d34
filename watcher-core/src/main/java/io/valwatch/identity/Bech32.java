package io.valwatch.identity;

/** SCAFFOLD: replaced by the real BIP-173 codec. */
public final class Bech32 {
  private Bech32() {}

  /** A decoded bech32 string: its human-readable part and its data as 8-bit bytes. */
  public record Decoded(String hrp, byte[] data) {}

  public static String encode(String hrp, byte[] data) {
    throw new UnsupportedOperationException();
  }

  public static Decoded decode(String bech32) {
    throw new UnsupportedOperationException();
  }
}
