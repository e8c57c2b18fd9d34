package io.valwatch.simnet;

import io.valwatch.identity.KeyType;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** The fixed parameters of a simulated chain, as collected by {@link SimulatedChain.Builder}. */
record ChainConfig(
    String chainId,
    String bech32Prefix,
    Instant genesisTime,
    Duration blockInterval,
    String bondDenom,
    int maxValidators,
    long signedBlocksWindow,
    BigDecimal minSignedPerWindow,
    Duration downtimeJailDuration,
    BigDecimal slashFractionDoubleSign,
    BigDecimal slashFractionDowntime,
    long earliestAvailableHeight,
    int retainBlocks,
    List<GenesisValidator> genesisValidators,
    StakingModule stakingModule,
    String lpDenom,
    BigDecimal lpWeight) {

  /** Staking's default unbonding time (21 days). */
  static final Duration UNBONDING_TIME = Duration.ofDays(21);

  /** DefaultPowerReduction: CometBFT power is voting power divided by this. */
  static final long POWER_REDUCTION = 1_000_000L;

  /** {@code lpTokens} is 0 unless the chain runs {@link StakingModule#INITIA}. */
  record GenesisValidator(String name, long tokens, long lpTokens, KeyType keyType) {}

  /**
   * Staking voting power: the tokens with x/staking; with x/mstaking the sum of each denom's tokens times
   * its weight, truncated per denom (the base denom weighs 1).
   */
  long votingPower(long tokens, long lpTokens) {
    return tokens + lpVotingPower(lpTokens);
  }

  /** The LP denom's part of the voting power: {@code trunc(weight × lpTokens)}, 0 without x/mstaking. */
  long lpVotingPower(long lpTokens) {
    if (stakingModule != StakingModule.INITIA) {
      return 0;
    }
    return lpWeight.multiply(BigDecimal.valueOf(lpTokens)).setScale(0, RoundingMode.DOWN).longValueExact();
  }

  /** Header time of a height: genesis time plus {@code height} block intervals. */
  Instant time(long height) {
    return genesisTime.plus(blockInterval.multipliedBy(height));
  }

  /** x/slashing's {@code window - round(min_signed_per_window * window)}, rounding half up. */
  long maxMissed() {
    long minSigned = minSignedPerWindow.multiply(BigDecimal.valueOf(signedBlocksWindow))
        .setScale(0, RoundingMode.HALF_UP)
        .longValueExact();
    return signedBlocksWindow - minSigned;
  }
}
