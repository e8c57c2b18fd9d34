package io.valwatch.model;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;

/**
 * x/slashing parameters.
 *
 * @param signedBlocksWindow the sliding window, in blocks
 * @param minSignedPerWindow the share of the window a validator must sign (0.05 for 5 %)
 * @param downtimeJailDuration how long a downtime jailing lasts
 * @param slashFractionDoubleSign the stake burnt for a double sign
 * @param slashFractionDowntime the stake burnt for downtime
 */
public record SlashingParams(
    long signedBlocksWindow,
    BigDecimal minSignedPerWindow,
    Duration downtimeJailDuration,
    BigDecimal slashFractionDoubleSign,
    BigDecimal slashFractionDowntime) {

  /**
   * {@code round(min_signed_per_window x signed_blocks_window)}, rounded half away from zero as the SDK's
   * {@code LegacyDec.RoundInt64} does.
   */
  public long minSignedBlocks() {
    return minSignedPerWindow
        .multiply(BigDecimal.valueOf(signedBlocksWindow))
        .setScale(0, RoundingMode.HALF_UP)
        .longValueExact();
  }

  /** The x/slashing downtime rule these parameters define. */
  public LivenessRule livenessRule() {
    return new LivenessRule(
        signedBlocksWindow,
        signedBlocksWindow - minSignedBlocks(),
        LivenessRule.Penalty.JAIL_FOR_DURATION,
        downtimeJailDuration,
        0,
        slashFractionDowntime);
  }
}
