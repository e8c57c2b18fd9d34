package io.valwatch.model;

import io.valwatch.risk.RiskStatus;
import io.valwatch.tracker.RecentBlocks;
import io.valwatch.tracker.SigningStats;
import java.util.Objects;
import java.util.Optional;

/**
 * One tracked validator's state: what the watcher saw in blocks, and what the chain says. Until its consensus
 * address is resolved no block can be attributed to it, so what it signed and its risk are unknown then:
 * {@link #knownSigning()} and {@link #knownRisk()} say so, and are what status pages, metrics and reports show.
 *
 * <p>Values not known are empty ({@code Optional}); the builder takes plain values, a field not set (or set to
 * {@code null}) is empty.
 *
 * <p>Build one with {@link #builder()}; derive one with {@link #toBuilder()}.
 */
public final class ValidatorStatus {
  private final String identity;
  private final String label;
  private final String consensusAddressHex;
  private final SigningStats signing;
  private final StakingStatus staking;
  private final RiskStatus risk;
  private final RecentBlocks recentBlocks;

  private ValidatorStatus(
      String identity,
      String label,
      String consensusAddressHex,
      SigningStats signing,
      StakingStatus staking,
      RiskStatus risk,
      RecentBlocks recentBlocks) {
    risk = risk == null ? RiskStatus.UNKNOWN : risk;
    recentBlocks = recentBlocks == null ? RecentBlocks.NONE : recentBlocks;
    this.identity = identity;
    this.label = label;
    this.consensusAddressHex = consensusAddressHex;
    this.signing = signing;
    this.staking = staking;
    this.risk = risk;
    this.recentBlocks = recentBlocks;
  }

  /** The identity it was configured with (operator address, valcons, hex or public key). */
  public String identity() {
    return identity;
  }

  /** The free-form label from the configuration, empty when none. */
  public String label() {
    return label;
  }

  /** The resolved upper-case hex consensus address; empty until resolved. */
  public Optional<String> consensusAddressHex() {
    return Optional.ofNullable(consensusAddressHex);
  }

  /** What the watcher counted in blocks; {@link SigningStats#EMPTY} until resolved. */
  public SigningStats signing() {
    return signing;
  }

  /** What the chain's modules say; empty when the chain has no staking data for it. */
  public Optional<StakingStatus> staking() {
    return Optional.ofNullable(staking);
  }

  /** How close it is to the chain's liveness penalty; {@link RiskStatus#UNKNOWN} until known. */
  public RiskStatus risk() {
    return risk;
  }

  /** What it did at each of the last heights, for block grids; {@link RecentBlocks#NONE} until resolved. */
  public RecentBlocks recentBlocks() {
    return recentBlocks;
  }

  /**
   * The name Prometheus labels and logs use: the operator address when the staking module knows it,
   * otherwise the consensus address, otherwise the configured identity.
   */
  public String displayAddress() {
    String fallback = consensusAddressHex != null ? consensusAddressHex : identity;
    return staking == null ? fallback : staking.operatorAddress().orElse(fallback);
  }

  /** What the watcher counted in blocks; empty until the consensus address is resolved. */
  public Optional<SigningStats> knownSigning() {
    return consensusAddressHex == null || signing == null ? Optional.empty() : Optional.of(signing);
  }

  /** How close it is to the liveness penalty; empty until the consensus address is resolved. */
  public Optional<RiskStatus> knownRisk() {
    return consensusAddressHex == null ? Optional.empty() : Optional.of(risk);
  }

  @Override
  public boolean equals(Object o) {
    return o == this
        || (o instanceof ValidatorStatus that
        && Objects.equals(identity, that.identity)
        && Objects.equals(label, that.label)
        && Objects.equals(consensusAddressHex, that.consensusAddressHex)
        && Objects.equals(signing, that.signing)
        && Objects.equals(staking, that.staking)
        && Objects.equals(risk, that.risk)
        && Objects.equals(recentBlocks, that.recentBlocks));
  }

  @Override
  public int hashCode() {
    return Objects.hash(identity, label, consensusAddressHex, signing, staking, risk, recentBlocks);
  }

  @Override
  public String toString() {
    return "ValidatorStatus[identity=" + identity
        + ", label=" + label
        + ", consensusAddressHex=" + consensusAddressHex
        + ", signing=" + signing
        + ", staking=" + staking
        + ", risk=" + risk
        + ", recentBlocks=" + recentBlocks
        + "]";
  }

  /** A builder with nothing set: lists and maps empty, numbers 0, everything else absent. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding this ValidatorStatus's values, to derive a changed copy. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /** Builds a {@link ValidatorStatus}. */
  public static final class Builder {
    private String identity;
    private String label;
    private String consensusAddressHex;
    private SigningStats signing;
    private StakingStatus staking;
    private RiskStatus risk;
    private RecentBlocks recentBlocks;

    private Builder() {}

    private Builder(ValidatorStatus source) {
      this.identity = source.identity;
      this.label = source.label;
      this.consensusAddressHex = source.consensusAddressHex;
      this.signing = source.signing;
      this.staking = source.staking;
      this.risk = source.risk;
      this.recentBlocks = source.recentBlocks;
    }

    /** Sets the identity it was configured with (operator address, valcons, hex or public key). */
    public Builder identity(String identity) {
      this.identity = identity;
      return this;
    }

    /** Sets the free-form label from the configuration, empty when none. */
    public Builder label(String label) {
      this.label = label;
      return this;
    }

    /** Sets the resolved upper-case hex consensus address. */
    public Builder consensusAddressHex(String consensusAddressHex) {
      this.consensusAddressHex = consensusAddressHex;
      return this;
    }

    /** Sets what the watcher counted in blocks. */
    public Builder signing(SigningStats signing) {
      this.signing = signing;
      return this;
    }

    /** Sets what the chain's modules say. */
    public Builder staking(StakingStatus staking) {
      this.staking = staking;
      return this;
    }

    /** Sets how close it is to the chain's liveness penalty. */
    public Builder risk(RiskStatus risk) {
      this.risk = risk;
      return this;
    }

    /** Sets what it did at each of the last heights, for block grids. */
    public Builder recentBlocks(RecentBlocks recentBlocks) {
      this.recentBlocks = recentBlocks;
      return this;
    }

    public ValidatorStatus build() {
      return new ValidatorStatus(identity, label, consensusAddressHex, signing, staking, risk, recentBlocks);
    }
  }
}
