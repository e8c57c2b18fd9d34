package io.valwatch.rpc;

import java.time.Instant;
import java.util.Objects;

/**
 * One entry of a commit's {@code signatures}. For an {@link BlockIdFlag#ABSENT} entry the address is empty
 * and the timestamp is the zero time, so the entry can only be attributed by its index in the validator set.
 *
 * <p>The vote's time is kept as the node sent it. Counting votes never needs it, so a time read from a node in
 * the form CometBFT writes is held as numbers rather than as a string (a string per vote was a fifth of what
 * reading a block allocated), and its text is written back, character for character, only when asked for; text
 * in any other form is kept as it came and parsed only when {@link #timestamp()} is called.
 */
public final class CommitSig {
  private final BlockIdFlag flag;
  private final String validatorAddress;
  /** The time as the node sent it, when it is not in {@link CometTime}'s form; {@code null} when it is. */
  private final String timestampText;
  private final long epochSecond;
  private final int nano;
  private final byte fractionDigits;

  /**
   * @param flag what the validator voted
   * @param validatorAddress upper-case hex consensus address, empty when absent
   * @param timestamp the vote's time, {@code 0001-01-01T00:00:00Z} when absent
   */
  public CommitSig(BlockIdFlag flag, String validatorAddress, Instant timestamp) {
    this(flag, validatorAddress, Objects.requireNonNull(timestamp, "timestamp").toString(), 0, 0, 0);
  }

  private CommitSig(
      BlockIdFlag flag, String validatorAddress, String timestampText, long epochSecond, int nano, int fractionDigits) {
    this.flag = Objects.requireNonNull(flag, "flag");
    this.validatorAddress = Objects.requireNonNull(validatorAddress, "validatorAddress");
    this.timestampText = timestampText;
    this.epochSecond = epochSecond;
    this.nano = nano;
    this.fractionDigits = (byte) fractionDigits;
  }

  /** An entry whose time stays the text the node sent until it is asked for. */
  static CommitSig withTimestampText(BlockIdFlag flag, String validatorAddress, String timestampText) {
    return new CommitSig(flag, validatorAddress, Objects.requireNonNull(timestampText, "timestampText"), 0, 0, 0);
  }

  /**
   * An entry whose time was read in {@link CometTime}'s form.
   *
   * @param fractionDigits how many fraction digits the node sent, so that its text can be written back exactly
   */
  static CommitSig withCometTime(
      BlockIdFlag flag, String validatorAddress, long epochSecond, int nano, int fractionDigits) {
    return new CommitSig(flag, validatorAddress, null, epochSecond, nano, fractionDigits);
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
    return timestampText == null ? Instant.ofEpochSecond(epochSecond, nano) : Instant.parse(timestampText);
  }

  /** The vote's time as the node sent it. */
  public String timestampText() {
    return timestampText == null ? CometTime.text(epochSecond, nano, fractionDigits) : timestampText;
  }

  /** Equal when flag, address and time are equal (times compared as instants). */
  @Override
  public boolean equals(Object o) {
    return o instanceof CommitSig other
        && flag == other.flag
        && validatorAddress.equals(other.validatorAddress)
        && sameTime(other);
  }

  private boolean sameTime(CommitSig other) {
    if (timestampText == null && other.timestampText == null) {
      return epochSecond == other.epochSecond && nano == other.nano;
    }
    return timestampText().equals(other.timestampText()) || timestamp().equals(other.timestamp());
  }

  @Override
  public int hashCode() {
    return Objects.hash(flag, validatorAddress);
  }

  @Override
  public String toString() {
    return "CommitSig[flag=" + flag + ", validatorAddress=" + validatorAddress + ", timestamp=" + timestampText() + "]";
  }
}
