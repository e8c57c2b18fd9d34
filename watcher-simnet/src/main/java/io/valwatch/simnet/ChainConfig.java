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
    List<GenesisValidator> genesisValidators) {

  /** Staking's default unbonding time (21 days). */
  static final Duration UNBONDING_TIME = Duration.ofDays(21);

  record GenesisValidator(String name, long tokens, KeyType keyType) {}

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
