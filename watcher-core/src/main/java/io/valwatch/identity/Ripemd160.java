package io.valwatch.identity;

/**
 * RIPEMD-160 (Dobbertin, Bosselaers and Preneel, 1996), which most JVMs lack. Used for secp256k1
 * consensus addresses: RIPEMD-160(SHA-256(key)).
 */
final class Ripemd160 {
  private static final int BLOCK_BYTES = 64;

  // Message word order, left and right lines.
  private static final int[] R_LEFT = {
    0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15,
    7, 4, 13, 1, 10, 6, 15, 3, 12, 0, 9, 5, 2, 14, 11, 8,
    3, 10, 14, 4, 9, 15, 8, 1, 2, 7, 0, 6, 13, 11, 5, 12,
    1, 9, 11, 10, 0, 8, 12, 4, 13, 3, 7, 15, 14, 5, 6, 2,
    4, 0, 5, 9, 7, 12, 2, 10, 14, 1, 3, 8, 11, 6, 15, 13
  };
  private static final int[] R_RIGHT = {
    5, 14, 7, 0, 9, 2, 11, 4, 13, 6, 15, 8, 1, 10, 3, 12,
    6, 11, 3, 7, 0, 13, 5, 10, 14, 15, 8, 12, 4, 9, 1, 2,
    15, 5, 1, 3, 7, 14, 6, 9, 11, 8, 12, 2, 10, 0, 4, 13,
    8, 6, 4, 1, 3, 11, 15, 0, 5, 12, 2, 13, 9, 7, 10, 14,
    12, 15, 10, 4, 1, 5, 8, 7, 6, 2, 13, 14, 0, 3, 9, 11
  };
  // Rotation amounts, left and right lines.
  private static final int[] S_LEFT = {
    11, 14, 15, 12, 5, 8, 7, 9, 11, 13, 14, 15, 6, 7, 9, 8,
    7, 6, 8, 13, 11, 9, 7, 15, 7, 12, 15, 9, 11, 7, 13, 12,
    11, 13, 6, 7, 14, 9, 13, 15, 14, 8, 13, 6, 5, 12, 7, 5,
    11, 12, 14, 15, 14, 15, 9, 8, 9, 14, 5, 6, 8, 6, 5, 12,
    9, 15, 5, 11, 6, 8, 13, 12, 5, 12, 13, 14, 11, 8, 5, 6
  };
  private static final int[] S_RIGHT = {
    8, 9, 9, 11, 13, 15, 15, 5, 7, 7, 8, 11, 14, 14, 12, 6,
    9, 13, 15, 7, 12, 8, 9, 11, 7, 7, 12, 7, 6, 15, 13, 11,
    9, 7, 15, 11, 8, 6, 6, 14, 12, 13, 5, 14, 13, 13, 7, 5,
    15, 5, 8, 11, 14, 14, 6, 14, 6, 9, 12, 9, 12, 5, 15, 8,
    8, 5, 12, 9, 12, 5, 14, 6, 8, 13, 6, 5, 15, 13, 11, 11
  };
  private static final int[] K_LEFT = {0x00000000, 0x5a827999, 0x6ed9eba1, 0x8f1bbcdc, 0xa953fd4e};
  private static final int[] K_RIGHT = {0x50a28be6, 0x5c4dd124, 0x6d703ef3, 0x7a6d76e9, 0x00000000};

  private Ripemd160() {}

  /** The 20-byte RIPEMD-160 digest of {@code input}. */
  static byte[] digest(byte[] input) {
    int[] h = {0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476, 0xc3d2e1f0};
    byte[] padded = pad(input);
    int[] x = new int[16];
    for (int offset = 0; offset < padded.length; offset += BLOCK_BYTES) {
      for (int i = 0; i < 16; i++) {
        int p = offset + 4 * i;
        x[i] = (padded[p] & 0xff)
            | (padded[p + 1] & 0xff) << 8
            | (padded[p + 2] & 0xff) << 16
            | (padded[p + 3] & 0xff) << 24;
      }
      compress(h, x);
    }
    byte[] out = new byte[20];
    for (int i = 0; i < 5; i++) {
      for (int b = 0; b < 4; b++) {
        out[4 * i + b] = (byte) (h[i] >>> (8 * b));
      }
    }
    return out;
  }

  /** Appends 0x80, zeros, and the bit length as a little-endian 64-bit integer. */
  private static byte[] pad(byte[] input) {
    int length = ((input.length + 8) / BLOCK_BYTES + 1) * BLOCK_BYTES;
    byte[] padded = new byte[length];
    System.arraycopy(input, 0, padded, 0, input.length);
    padded[input.length] = (byte) 0x80;
    long bits = (long) input.length * 8;
    for (int b = 0; b < 8; b++) {
      padded[length - 8 + b] = (byte) (bits >>> (8 * b));
    }
    return padded;
  }

  private static void compress(int[] h, int[] x) {
    int al = h[0], bl = h[1], cl = h[2], dl = h[3], el = h[4];
    int ar = h[0], br = h[1], cr = h[2], dr = h[3], er = h[4];
    for (int j = 0; j < 80; j++) {
      int round = j / 16;
      int t = Integer.rotateLeft(al + f(round, bl, cl, dl) + x[R_LEFT[j]] + K_LEFT[round], S_LEFT[j]) + el;
      al = el;
      el = dl;
      dl = Integer.rotateLeft(cl, 10);
      cl = bl;
      bl = t;
      t = Integer.rotateLeft(ar + f(4 - round, br, cr, dr) + x[R_RIGHT[j]] + K_RIGHT[round], S_RIGHT[j]) + er;
      ar = er;
      er = dr;
      dr = Integer.rotateLeft(cr, 10);
      cr = br;
      br = t;
    }
    int t = h[1] + cl + dr;
    h[1] = h[2] + dl + er;
    h[2] = h[3] + el + ar;
    h[3] = h[4] + al + br;
    h[4] = h[0] + bl + cr;
    h[0] = t;
  }

  /** The five boolean functions; the right line uses them in reverse order. */
  private static int f(int index, int x, int y, int z) {
    return switch (index) {
      case 0 -> x ^ y ^ z;
      case 1 -> (x & y) | (~x & z);
      case 2 -> (x | ~y) ^ z;
      case 3 -> (x & z) | (y & ~z);
      default -> x ^ (y | ~z);
    };
  }
}
