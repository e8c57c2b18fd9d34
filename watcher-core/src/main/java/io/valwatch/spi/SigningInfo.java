package io.valwatch.spi;

import java.time.Instant;
import java.util.Objects;

/**
 * The chain's own liveness record of one validator (x/slashing {@code ValidatorSigningInfo} or its
 * equivalent).
 *
 * <p>Build one with {@link #builder()}; derive one with {@link #toBuilder()}.
 */
public final class SigningInfo {
  private final String consensusAddressHex;
  private final long startHeight;
  private final long indexOffset;
  private final Instant jailedUntil;
  private final boolean tombstoned;
  private final long missedBlocksCounter;

  private SigningInfo(
      String consensusAddressHex,
      long startHeight,
      long indexOffset,
      Instant jailedUntil,
      boolean tombstoned,
      long missedBlocksCounter) {
    this.consensusAddressHex = consensusAddressHex;
    this.startHeight = startHeight;
    this.indexOffset = indexOffset;
    this.jailedUntil = jailedUntil;
    this.tombstoned = tombstoned;
    this.missedBlocksCounter = missedBlocksCounter;
  }

  /** Upper-case hex consensus address. */
  public String consensusAddressHex() {
    return consensusAddressHex;
  }

  /** Height from which the validator's window counts. */
  public long startHeight() {
    return startHeight;
  }

  /** How many slots of the window have been filled since {@code startHeight}. */
  public long indexOffset() {
    return indexOffset;
  }

  /** Until when the validator is jailed; {@link Instant#EPOCH} when never jailed. */
  public Instant jailedUntil() {
    return jailedUntil;
  }

  /** Whether the validator was tombstoned for double signing. */
  public boolean tombstoned() {
    return tombstoned;
  }

  /** Misses in the current window, as the chain counts them. */
  public long missedBlocksCounter() {
    return missedBlocksCounter;
  }

  @Override
  public boolean equals(Object o) {
    return o == this
        || (o instanceof SigningInfo that
        && Objects.equals(consensusAddressHex, that.consensusAddressHex)
        && Objects.equals(startHeight, that.startHeight)
        && Objects.equals(indexOffset, that.indexOffset)
        && Objects.equals(jailedUntil, that.jailedUntil)
        && Objects.equals(tombstoned, that.tombstoned)
        && Objects.equals(missedBlocksCounter, that.missedBlocksCounter));
  }

  @Override
  public int hashCode() {
    return Objects.hash(consensusAddressHex, startHeight, indexOffset, jailedUntil, tombstoned, missedBlocksCounter);
  }

  @Override
  public String toString() {
    return "SigningInfo[consensusAddressHex=" + consensusAddressHex
        + ", startHeight=" + startHeight
        + ", indexOffset=" + indexOffset
        + ", jailedUntil=" + jailedUntil
        + ", tombstoned=" + tombstoned
        + ", missedBlocksCounter=" + missedBlocksCounter
        + "]";
  }

  /** A builder with nothing set: lists and maps empty, numbers 0, everything else absent. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding this SigningInfo's values, to derive a changed copy. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /** Builds a {@link SigningInfo}. */
  public static final class Builder {
    private String consensusAddressHex;
    private long startHeight;
    private long indexOffset;
    private Instant jailedUntil;
    private boolean tombstoned;
    private long missedBlocksCounter;

    private Builder() {}

    private Builder(SigningInfo source) {
      this.consensusAddressHex = source.consensusAddressHex;
      this.startHeight = source.startHeight;
      this.indexOffset = source.indexOffset;
      this.jailedUntil = source.jailedUntil;
      this.tombstoned = source.tombstoned;
      this.missedBlocksCounter = source.missedBlocksCounter;
    }

    /** Sets upper-case hex consensus address. */
    public Builder consensusAddressHex(String consensusAddressHex) {
      this.consensusAddressHex = consensusAddressHex;
      return this;
    }

    /** Sets height from which the validator's window counts. */
    public Builder startHeight(long startHeight) {
      this.startHeight = startHeight;
      return this;
    }

    /** Sets how many slots of the window have been filled since {@code startHeight}. */
    public Builder indexOffset(long indexOffset) {
      this.indexOffset = indexOffset;
      return this;
    }

    /** Sets until when the validator is jailed. */
    public Builder jailedUntil(Instant jailedUntil) {
      this.jailedUntil = jailedUntil;
      return this;
    }

    /** Sets whether the validator was tombstoned for double signing. */
    public Builder tombstoned(boolean tombstoned) {
      this.tombstoned = tombstoned;
      return this;
    }

    /** Sets misses in the current window, as the chain counts them. */
    public Builder missedBlocksCounter(long missedBlocksCounter) {
      this.missedBlocksCounter = missedBlocksCounter;
      return this;
    }

    public SigningInfo build() {
      return new SigningInfo(
          consensusAddressHex, startHeight, indexOffset, jailedUntil, tombstoned, missedBlocksCounter);
    }
  }
}
