package io.valwatch.plugins.minter;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.digests.KeccakDigest;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.math.ec.ECAlgorithms;
import org.bouncycastle.math.ec.ECPoint;

/**
 * Who signed a Minter transaction: the {@code Mx…} address of the secp256k1 key that made a signature, found
 * the way the node finds it (public key recovery, then the last 20 bytes of Keccak-256 of the uncompressed
 * key), with the node's limits on the values: {@code v} 27 or 28, {@code r} and {@code s} within the curve
 * order, {@code s} in the lower half.
 */
final class Secp256k1 {
  private static final X9ECParameters CURVE = CustomNamedCurves.getByName("secp256k1");
  private static final BigInteger HALF_ORDER = CURVE.getN().shiftRight(1);

  private Secp256k1() {}

  /** Keccak-256, the hash Minter signs and derives addresses with (not the standardised SHA3-256). */
  static byte[] keccak256(byte[] input) {
    KeccakDigest digest = new KeccakDigest(256);
    digest.update(input, 0, input.length);
    byte[] out = new byte[32];
    digest.doFinal(out, 0);
    return out;
  }

  /** The {@code Mx…} address that signed {@code hash}, or empty when the values are not a valid signature. */
  static Optional<String> recoverAddress(byte[] hash, BigInteger v, BigInteger r, BigInteger s) {
    BigInteger n = CURVE.getN();
    if (v.bitLength() > 8) {
      return Optional.empty();
    }
    int recoveryId = v.intValue() - 27;
    if (recoveryId != 0 && recoveryId != 1
        || r.signum() <= 0 || r.compareTo(n) >= 0
        || s.signum() <= 0 || s.compareTo(HALF_ORDER) > 0) {
      return Optional.empty();
    }
    ECPoint point;
    try {
      byte[] compressed = new byte[33];
      compressed[0] = (byte) (recoveryId == 0 ? 0x02 : 0x03);
      byte[] x = r.toByteArray();
      int length = Math.min(32, x.length);
      System.arraycopy(x, x.length - length, compressed, 33 - length, length);
      point = CURVE.getCurve().decodePoint(compressed);
    } catch (IllegalArgumentException notOnCurve) {
      return Optional.empty();
    }
    BigInteger e = new BigInteger(1, hash);
    BigInteger rInverse = r.modInverse(n);
    ECPoint q = ECAlgorithms.sumOfTwoMultiplies(
        point, s.multiply(rInverse).mod(n), CURVE.getG(), e.negate().multiply(rInverse).mod(n)).normalize();
    if (q.isInfinity()) {
      return Optional.empty();
    }
    byte[] uncompressed = q.getEncoded(false);
    byte[] digest = keccak256(Arrays.copyOfRange(uncompressed, 1, uncompressed.length));
    return Optional.of("Mx" + HexFormat.of().formatHex(digest, 12, 32));
  }
}
