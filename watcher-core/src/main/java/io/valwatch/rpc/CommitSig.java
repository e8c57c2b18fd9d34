package io.valwatch.rpc;

import java.time.Instant;
import java.util.Objects;

/**
 * One entry of a commit's {@code signatures}. For an {@link BlockIdFlag#ABSENT} entry the address is empty
 * and the timestamp is the zero time, so the entry can only be attributed by its index in the validator set.
 *
 * @param flag what the validator voted
 * @param validatorAddress upper-case hex consensus address, empty when absent
 * @param timestamp the vote's time, {@code 0001-01-01T00:00:00Z} when absent
 */
public record CommitSig(BlockIdFlag flag, String validatorAddress, Instant timestamp) {
  public CommitSig {
    Objects.requireNonNull(flag, "flag");
    Objects.requireNonNull(validatorAddress, "validatorAddress");
    Objects.requireNonNull(timestamp, "timestamp");
  }
}
