package io.valwatch.spi;

import io.valwatch.model.LivenessRule;
import io.valwatch.model.SlashingParams;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything a plugin knows about a chain's validators at one moment. Any part a chain does not have (a
 * consumer chain without x/staking, say) is empty rather than zero.
 *
 * @param validators every validator the staking module knows, bonded or not; empty when there is no
 *     staking data
 * @param stakingParams the staking parameters, if known
 * @param slashingParams the slashing parameters, if known
 * @param livenessRule the chain's downtime rule, if known
 * @param signingInfos the chain's signing records, keyed by upper-case hex consensus address
 * @param height the height of the chain state this was read at, 0 when the source cannot tell. The core
 *     takes the signing records' missed-block counters to cover the votes of every height below it, and adds
 *     the misses it saw itself from that height on; when it is 0 the core assumes the state is at least as
 *     new as the newest height the block source reported before the read, which may count a miss twice but
 *     never misses one
 */
public record ChainData(
    List<ValidatorInfo> validators,
    Optional<StakingParams> stakingParams,
    Optional<SlashingParams> slashingParams,
    Optional<LivenessRule> livenessRule,
    Map<String, SigningInfo> signingInfos,
    long height) {
  public ChainData {
    validators = List.copyOf(validators);
    signingInfos = Map.copyOf(signingInfos);
    if (height < 0) {
      throw new IllegalArgumentException("height must be >= 0, got " + height);
    }
  }

  /** Chain data read at a height the source cannot tell. */
  public ChainData(
      List<ValidatorInfo> validators,
      Optional<StakingParams> stakingParams,
      Optional<SlashingParams> slashingParams,
      Optional<LivenessRule> livenessRule,
      Map<String, SigningInfo> signingInfos) {
    this(validators, stakingParams, slashingParams, livenessRule, signingInfos, 0);
  }

  /** A chain about which nothing but blocks is known. */
  public static ChainData blocksOnly() {
    return new ChainData(List.of(), Optional.empty(), Optional.empty(), Optional.empty(), Map.of());
  }
}
