package io.valwatch.plugins.minter;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A strict reader of RLP, the encoding of Minter's transactions: it accepts only the canonical form that
 * the node's decoder accepts (shortest length prefixes, no single byte below {@code 0x80} wrapped in a
 * prefix, integers without leading zero bytes), so a transaction that reads here is one the node can read.
 */
final class Rlp {
  /** One decoded item: a byte string or a list, with the bytes it was read from. */
  static final class Item {
    private final byte[] encoded;
    private final byte[] bytes;
    private final List<Item> list;

    private Item(byte[] encoded, byte[] bytes, List<Item> list) {
      this.encoded = encoded;
      this.bytes = bytes;
      this.list = list;
    }

    boolean isList() {
      return list != null;
    }

    /** The item exactly as it was encoded, prefix included. */
    byte[] encoded() {
      return encoded.clone();
    }

    /** The content of a byte string. */
    byte[] bytes(String what) throws RlpException {
      if (list != null) {
        throw new RlpException(what + " is a list, expected a byte string");
      }
      return bytes.clone();
    }

    List<Item> list(String what) throws RlpException {
      if (list == null) {
        throw new RlpException(what + " is a byte string, expected a list");
      }
      return list;
    }

    /** A non-negative integer of at most {@code maxBits} bits, encoded without leading zero bytes. */
    BigInteger unsigned(String what, int maxBits) throws RlpException {
      byte[] b = bytes(what);
      if (b.length > 0 && b[0] == 0) {
        throw new RlpException(what + " has a leading zero byte");
      }
      BigInteger value = new BigInteger(1, b);
      if (value.bitLength() > maxBits) {
        throw new RlpException(what + " does not fit in " + maxBits + " bits");
      }
      return value;
    }
  }

  /** Input that is not canonical RLP of the shape expected. */
  static final class RlpException extends Exception {
    private static final long serialVersionUID = 1L;

    RlpException(String message) {
      super(message);
    }
  }

  private final byte[] input;
  private int position;

  private Rlp(byte[] input) {
    this.input = input;
  }

  /** Decodes {@code input}, which must hold exactly one item. */
  static Item decode(byte[] input) throws RlpException {
    Rlp reader = new Rlp(input);
    Item item = reader.item(0);
    if (reader.position != input.length) {
      throw new RlpException((input.length - reader.position) + " bytes follow the encoded item");
    }
    return item;
  }

  /** The encoding of a list whose items are already encoded. */
  static byte[] list(List<byte[]> encodedItems) {
    int length = encodedItems.stream().mapToInt(b -> b.length).sum();
    byte[] prefix = prefix(0xc0, length);
    byte[] out = Arrays.copyOf(prefix, prefix.length + length);
    int at = prefix.length;
    for (byte[] item : encodedItems) {
      System.arraycopy(item, 0, out, at, item.length);
      at += item.length;
    }
    return out;
  }

  private static byte[] prefix(int offset, int length) {
    if (length < 56) {
      return new byte[] {(byte) (offset + length)};
    }
    byte[] size = BigInteger.valueOf(length).toByteArray();
    int skip = size[0] == 0 ? 1 : 0;
    byte[] out = new byte[1 + size.length - skip];
    out[0] = (byte) (offset + 55 + size.length - skip);
    System.arraycopy(size, skip, out, 1, size.length - skip);
    return out;
  }

  private Item item(int depth) throws RlpException {
    if (depth > 8) {
      throw new RlpException("lists are nested too deeply");
    }
    int start = position;
    int first = next();
    if (first < 0x80) {
      return new Item(new byte[] {(byte) first}, new byte[] {(byte) first}, null);
    }
    boolean isList = first >= 0xc0;
    int kind = first - (isList ? 0xc0 : 0x80);
    int length;
    if (kind < 56) {
      length = kind;
    } else {
      length = longLength(kind - 55);
    }
    if (length > input.length - position) {
      throw new RlpException("an item claims " + length + " bytes, " + (input.length - position) + " remain");
    }
    int contentStart = position;
    int end = position + length;
    if (!isList) {
      byte[] content = Arrays.copyOfRange(input, contentStart, end);
      if (length == 1 && (content[0] & 0xff) < 0x80) {
        throw new RlpException("a single byte below 0x80 is encoded with a prefix");
      }
      position = end;
      return new Item(Arrays.copyOfRange(input, start, end), content, null);
    }
    List<Item> items = new ArrayList<>();
    while (position < end) {
      items.add(item(depth + 1));
    }
    if (position != end) {
      throw new RlpException("a list's items overrun its length");
    }
    return new Item(Arrays.copyOfRange(input, start, end), null, List.copyOf(items));
  }

  private int longLength(int sizeBytes) throws RlpException {
    if (sizeBytes > 4) {
      throw new RlpException("an item's length takes " + sizeBytes + " bytes");
    }
    long length = 0;
    for (int i = 0; i < sizeBytes; i++) {
      int b = next();
      if (i == 0 && b == 0) {
        throw new RlpException("an item's length has a leading zero byte");
      }
      length = (length << 8) | b;
    }
    if (length < 56) {
      throw new RlpException("a length below 56 is encoded in the long form");
    }
    if (length > Integer.MAX_VALUE) {
      throw new RlpException("an item claims " + length + " bytes");
    }
    return (int) length;
  }

  private int next() throws RlpException {
    if (position >= input.length) {
      throw new RlpException("the input ends inside an item");
    }
    return input[position++] & 0xff;
  }
}
