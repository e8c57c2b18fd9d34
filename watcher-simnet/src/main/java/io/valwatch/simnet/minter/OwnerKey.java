package io.valwatch.simnet.minter;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.HexFormat;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.digests.KeccakDigest;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.crypto.signers.HMacDSAKCalculator;
import org.bouncycastle.math.ec.ECPoint;

/**
 * A secp256k1 account key as Minter uses it: the address is {@code Mx} and the last 20 bytes of Keccak-256
 * of the uncompressed public key; signatures are deterministic (RFC 6979 nonces), with {@code s} in the lower
 * half of the order and {@code v} 27 or 28 by the parity of the nonce point, as the node's signer makes them.
 */
final class OwnerKey {
  private static final X9ECParameters CURVE = CustomNamedCurves.getByName("secp256k1");
  private static final BigInteger N = CURVE.getN();
  private static final ECDomainParameters DOMAIN =
      new ECDomainParameters(CURVE.getCurve(), CURVE.getG(), N, CURVE.getH());

  /** A signature's three values. */
  record Signature(BigInteger v, BigInteger r, BigInteger s) {}

  private final BigInteger secret;
  private final ECPoint publicPoint;
  private final String address;

  OwnerKey(BigInteger secret) {
    if (secret.signum() <= 0 || secret.compareTo(N) >= 0) {
      throw new IllegalArgumentException("a secp256k1 secret must be within 1 .. n-1");
    }
    this.secret = secret;
    this.publicPoint = CURVE.getG().multiply(secret).normalize();
    byte[] full = publicPoint.getEncoded(false);
    this.address = "Mx" + HexFormat.of().formatHex(
        Arrays.copyOfRange(keccak(Arrays.copyOfRange(full, 1, full.length)), 12, 32));
  }

  /** The key a simulated candidate's owner signs with, derived from its name. */
  static OwnerKey of(String name) {
    BigInteger secret = new BigInteger(1, Candidate.sha256("minter-simnet owner " + name)).mod(N);
    return new OwnerKey(secret.signum() == 0 ? BigInteger.ONE : secret);
  }

  String address() {
    return address;
  }

  /** Signs a 32-byte hash. */
  Signature sign(byte[] hash) {
    HMacDSAKCalculator nonces = new HMacDSAKCalculator(new SHA256Digest());
    nonces.init(N, secret, hash);
    BigInteger e = new BigInteger(1, hash);
    while (true) {
      BigInteger k = nonces.nextK();
      ECPoint point = CURVE.getG().multiply(k).normalize();
      BigInteger r = point.getAffineXCoord().toBigInteger().mod(N);
      BigInteger s = k.modInverse(N).multiply(e.add(secret.multiply(r))).mod(N);
      if (r.signum() == 0 || s.signum() == 0) {
        continue;
      }
      boolean odd = point.getAffineYCoord().testBitZero();
      if (s.compareTo(N.shiftRight(1)) > 0) {
        s = N.subtract(s);
        odd = !odd;
      }
      return new Signature(BigInteger.valueOf(odd ? 28 : 27), r, s);
    }
  }

  /** Whether this key made {@code signature} over {@code hash}. */
  boolean verifies(byte[] hash, Signature signature) {
    if (signature.s().compareTo(N.shiftRight(1)) > 0) {
      return false;
    }
    ECDSASigner verifier = new ECDSASigner();
    verifier.init(false, new ECPublicKeyParameters(publicPoint, DOMAIN));
    return verifier.verifySignature(hash, signature.r(), signature.s());
  }

  static byte[] keccak(byte[] input) {
    KeccakDigest k = new KeccakDigest(256);
    k.update(input, 0, input.length);
    byte[] out = new byte[32];
    k.doFinal(out, 0);
    return out;
  }
}
