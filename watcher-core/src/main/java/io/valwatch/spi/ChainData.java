package io.valwatch.spi;

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
 */
public record ChainData(
    List<ValidatorInfo> validators,
    Optional<StakingParams> stakingParams,
    Optional<SlashingParams> slashingParams,
    Optional<LivenessRule> livenessRule,
    Map<String, SigningInfo> signingInfos) {
  public ChainData {
    validators = List.copyOf(validators);
    signingInfos = Map.copyOf(signingInfos);
  }

  /** A chain about which nothing but blocks is known. */
  public static ChainData blocksOnly() {
    return new ChainData(List.of(), Optional.empty(), Optional.empty(), Optional.empty(), Map.of());
  }
}
