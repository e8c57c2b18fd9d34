package io.valwatch.simnet.minter;

import io.valwatch.simnet.minter.OwnerKey.Signature;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/**
 * A Minter transaction with single signature, as the simulator writes and reads it: RLP of {@code [nonce,
 * chain_id, gas_price, gas_coin, type, data, payload, service_data, signature_type, signature_data]}, signed
 * over Keccak-256 of the RLP of the first nine; {@code data} of a candidate switch is {@code [pub_key]} and
 * {@code signature_data} is {@code [v, r, s]}.
 *
 * @param candidateKey the 32-byte key of a candidate switch, empty for other types
 * @param signedHash what the signature signs
 */
record SimTransaction(long nonce, int chainId, long gasPrice, long gasCoin, int type, byte[] candidateKey,
    byte[] signedHash, Signature signature, byte[] raw) {
  static final int SET_CANDIDATE_ON = 0x0A;
  static final int SET_CANDIDATE_OFF = 0x0B;

  /** The hash the node reports: {@code Mt} and SHA-256 of the encoded transaction. */
  String hash() {
    return "Mt" + HexFormat.of().formatHex(Candidate.sha256(raw));
  }

  static byte[] encode(long nonce, int chainId, long gasPrice, long gasCoin, int type, byte[] candidateKey,
      OwnerKey signer) {
    List<Object> unsigned = new ArrayList<>(List.of(BigInteger.valueOf(nonce), BigInteger.valueOf(chainId),
        BigInteger.valueOf(gasPrice), BigInteger.valueOf(gasCoin), BigInteger.valueOf(type),
        rlp(List.of(candidateKey)), new byte[0], new byte[0], BigInteger.ONE));
    Signature sig = signer.sign(OwnerKey.keccak(rlp(unsigned)));
    unsigned.add(rlp(List.of(sig.v(), sig.r(), sig.s())));
    return rlp(unsigned);
  }

  /**
   * Reads a transaction.
   *
   * @throws IllegalArgumentException with the message the node's decoder would give, roughly
   */
  static SimTransaction decode(byte[] raw) {
    Object decoded = new Reader(raw).readAll();
    List<?> f = list(decoded, "transaction");
    if (f.size() != 10) {
      throw new IllegalArgumentException("rlp: too few elements for transaction.Transaction");
    }
    int type = uint(f.get(4)).intValueExact();
    byte[] key = new byte[0];
    if (type == SET_CANDIDATE_ON || type == SET_CANDIDATE_OFF) {
      key = bytes(list(new Reader(bytes(f.get(5))).readAll(), "data").get(0));
      if (key.length != 32) {
        throw new IllegalArgumentException("rlp: input string too short for types.Pubkey");
      }
    }
    if (uint(f.get(8)).intValue() != 1) {
      throw new IllegalArgumentException("the simulator reads single signatures only");
    }
    List<?> vrs = list(new Reader(bytes(f.get(9))).readAll(), "signature");
    if (vrs.size() != 3) {
      throw new IllegalArgumentException("rlp: too few elements for transaction.Signature");
    }
    List<Object> unsigned = new ArrayList<>(f.subList(0, 9));
    return new SimTransaction(uint(f.get(0)).longValueExact(), uint(f.get(1)).intValueExact(),
        uint(f.get(2)).longValueExact(), uint(f.get(3)).longValueExact(), type, key,
        OwnerKey.keccak(rlp(unsigned)), new Signature(uint(vrs.get(0)), uint(vrs.get(1)), uint(vrs.get(2))),
        raw.clone());
  }

  /** RLP of byte arrays, non-negative integers and lists of those. */
  private static byte[] rlp(Object item) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    if (item instanceof List<?> items) {
      ByteArrayOutputStream body = new ByteArrayOutputStream();
      items.forEach(i -> body.writeBytes(rlp(i)));
      header(out, 0xc0, body.size());
      out.writeBytes(body.toByteArray());
    } else {
      byte[] b = item instanceof BigInteger n ? unsignedBytes(n) : (byte[]) item;
      if (b.length == 1 && (b[0] & 0xff) < 0x80) {
        out.write(b[0]);
      } else {
        header(out, 0x80, b.length);
        out.writeBytes(b);
      }
    }
    return out.toByteArray();
  }

  private static byte[] unsignedBytes(BigInteger n) {
    byte[] b = n.toByteArray();
    int skip = 0;
    while (skip < b.length && b[skip] == 0) {
      skip++;
    }
    return Arrays.copyOfRange(b, skip, b.length);
  }

  private static void header(ByteArrayOutputStream out, int base, int length) {
    if (length < 56) {
      out.write(base + length);
    } else {
      byte[] len = unsignedBytes(BigInteger.valueOf(length));
      out.write(base + 55 + len.length);
      out.writeBytes(len);
    }
  }

  private static List<?> list(Object item, String what) {
    if (item instanceof List<?> l) {
      return l;
    }
    throw new IllegalArgumentException("rlp: expected input list for " + what);
  }

  private static byte[] bytes(Object item) {
    if (item instanceof byte[] b) {
      return b;
    }
    throw new IllegalArgumentException("rlp: expected input string or byte");
  }

  private static BigInteger uint(Object item) {
    return new BigInteger(1, bytes(item));
  }

  /** Reads items as byte arrays and lists; the items of a list keep their RLP encoding when re-written. */
  private static final class Reader {
    private final byte[] in;
    private int at;

    Reader(byte[] in) {
      this.in = in;
    }

    Object readAll() {
      Object item = read();
      if (at != in.length) {
        throw new IllegalArgumentException("rlp: input contains more than one value");
      }
      return item;
    }

    private Object read() {
      int p = take();
      if (p < 0x80) {
        return new byte[] {(byte) p};
      }
      boolean list = p >= 0xc0;
      int small = p - (list ? 0xc0 : 0x80);
      int length = small;
      if (small >= 56) {
        length = 0;
        for (int i = 0; i < small - 55; i++) {
          length = (length << 8) | take();
        }
      }
      if (length < 0 || length > in.length - at) {
        throw new IllegalArgumentException("rlp: value size exceeds available input length");
      }
      int end = at + length;
      if (!list) {
        byte[] b = Arrays.copyOfRange(in, at, end);
        at = end;
        return b;
      }
      List<Object> items = new ArrayList<>();
      while (at < end) {
        items.add(read());
      }
      return items;
    }

    private int take() {
      if (at >= in.length) {
        throw new IllegalArgumentException("rlp: value size exceeds available input length");
      }
      return in[at++] & 0xff;
    }
  }
}
