package io.valwatch.tracker;

import io.valwatch.rpc.BlockIdFlag;
import java.util.Objects;

/**
 * One member of the validator set at a height and what it voted.
 *
 * @param address upper-case hex consensus address
 * @param votingPower its voting power at that height
 * @param flag commit, nil or absent
 */
public record Vote(String address, long votingPower, BlockIdFlag flag) {
  public Vote {
    Objects.requireNonNull(address, "address");
    Objects.requireNonNull(flag, "flag");
  }
}
