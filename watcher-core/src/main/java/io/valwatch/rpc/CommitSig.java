package io.valwatch.rpc;

import java.time.Instant;
import java.util.Objects;

/**
 * One entry of a commit's {@code signatures}. For an {@link BlockIdFlag#ABSENT} entry the address is empty
 * and the timestamp is the zero time, so the entry can only be attributed by its index in the validator set.
 *
 * <p>The vote's time is kept as the text the node sent and parsed only when {@link #timestamp()} is called:
 * counting votes never needs it, and parsing every vote's time was half the cost of reading a block.
 */
public final class CommitSig {
  private final BlockIdFlag flag;
  private final String validatorAddress;
  private final String timestampText;

  /**
   * @param flag what the validator voted
   * @param validatorAddress upper-case hex consensus address, empty when absent
   * @param timestamp the vote's time, {@code 0001-01-01T00:00:00Z} when absent
   */
  public CommitSig(BlockIdFlag flag, String validatorAddress, Instant timestamp) {
    this(flag, validatorAddress, Objects.requireNonNull(timestamp, "timestamp").toString());
  }

  private CommitSig(BlockIdFlag flag, String validatorAddress, String timestampText) {
    this.flag = Objects.requireNonNull(flag, "flag");
    this.validatorAddress = Objects.requireNonNull(validatorAddress, "validatorAddress");
    this.timestampText = timestampText;
  }

  /** An entry whose time stays the RFC 3339 text the node sent until it is asked for. */
  static CommitSig withTimestampText(BlockIdFlag flag, String validatorAddress, String timestampText) {
    return new CommitSig(flag, validatorAddress, Objects.requireNonNull(timestampText, "timestampText"));
  }

  /** What the validator voted. */
  public BlockIdFlag flag() {
    return flag;
  }

  /** Upper-case hex consensus address, empty when absent. */
  public String validatorAddress() {
    return validatorAddress;
  }

  /**
   * The vote's time, {@code 0001-01-01T00:00:00Z} when absent.
   *
   * @throws java.time.format.DateTimeParseException if the node sent a time that is not RFC 3339
   */
  public Instant timestamp() {
    return Instant.parse(timestampText);
  }

  /** The vote's time as the node sent it. */
  public String timestampText() {
    return timestampText;
  }

  /** Equal when flag, address and time are equal (times compared as instants). */
  @Override
  public boolean equals(Object o) {
    return o instanceof CommitSig other
        && flag == other.flag
        && validatorAddress.equals(other.validatorAddress)
        && (timestampText.equals(other.timestampText) || timestamp().equals(other.timestamp()));
  }

  @Override
  public int hashCode() {
    return Objects.hash(flag, validatorAddress);
  }

  @Override
  public String toString() {
    return "CommitSig[flag=" + flag + ", validatorAddress=" + validatorAddress + ", timestamp=" + timestampText + "]";
  }
}
