package io.valwatch.model;

import io.valwatch.risk.RiskStatus;
import io.valwatch.tracker.RecentBlocks;
import io.valwatch.tracker.SigningStats;
import java.util.Optional;

/**
 * One tracked validator's state: what the watcher saw in blocks, and what the chain says. Until its consensus
 * address is resolved no block can be attributed to it, so what it signed and its risk are unknown then:
 * {@link #knownSigning()} and {@link #knownRisk()} say so, and are what status pages, metrics and reports show.
 *
 * @param identity the identity it was configured with (operator address, valcons, hex or public key)
 * @param label the free-form label from the configuration, empty when none
 * @param consensusAddressHex the resolved upper-case hex consensus address; {@code null} until resolved
 * @param signing what the watcher counted in blocks; {@link SigningStats#EMPTY} until resolved
 * @param staking what the chain's modules say; {@code null} when the chain has no staking data for it
 * @param risk how close it is to the chain's liveness penalty; {@link RiskStatus#UNKNOWN} until known
 * @param recentBlocks what it did at each of the last heights, for block grids; {@link RecentBlocks#NONE}
 *     until resolved
 */
public record ValidatorStatus(
    String identity,
    String label,
    String consensusAddressHex,
    SigningStats signing,
    StakingStatus staking,
    RiskStatus risk,
    RecentBlocks recentBlocks) {
  public ValidatorStatus {
    risk = risk == null ? RiskStatus.UNKNOWN : risk;
    recentBlocks = recentBlocks == null ? RecentBlocks.NONE : recentBlocks;
  }

  /**
   * The name Prometheus labels and logs use: the operator address when the staking module knows it,
   * otherwise the consensus address, otherwise the configured identity.
   */
  public String displayAddress() {
    if (staking != null && staking.operatorAddress() != null) {
      return staking.operatorAddress();
    }
    return consensusAddressHex != null ? consensusAddressHex : identity;
  }

  /** What the watcher counted in blocks; empty until the consensus address is resolved. */
  public Optional<SigningStats> knownSigning() {
    return consensusAddressHex == null || signing == null ? Optional.empty() : Optional.of(signing);
  }

  /** How close it is to the liveness penalty; empty until the consensus address is resolved. */
  public Optional<RiskStatus> knownRisk() {
    return consensusAddressHex == null ? Optional.empty() : Optional.of(risk);
  }
}
