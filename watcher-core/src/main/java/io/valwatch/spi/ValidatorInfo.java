package io.valwatch.spi;

import io.valwatch.identity.ConsensusKey;
import io.valwatch.model.BondStatus;
import io.valwatch.rpc.EmittedText;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Map;
import java.util.Objects;

/**
 * One validator as the chain's staking module describes it.
 *
 * <p>Build one with {@link #builder()}; derive one with {@link #toBuilder()}.
 */
public final class ValidatorInfo {
  private final String operatorAddress;
  private final ConsensusKey consensusKey;
  private final String moniker;
  private final BigInteger tokens;
  private final Map<String, BigInteger> tokensByDenom;
  private final long votingPower;
  private final BondStatus status;
  private final boolean jailed;
  private final BigDecimal commissionRate;

  private ValidatorInfo(
      String operatorAddress,
      ConsensusKey consensusKey,
      String moniker,
      BigInteger tokens,
      Map<String, BigInteger> tokensByDenom,
      long votingPower,
      BondStatus status,
      boolean jailed,
      BigDecimal commissionRate) {
    Objects.requireNonNull(operatorAddress, "operatorAddress");
    // Monikers are chosen by anyone; no control character of theirs may reach a log line or a terminal.
    moniker = EmittedText.cap(EmittedText.printable(Objects.requireNonNull(moniker, "moniker")), 200);
    Objects.requireNonNull(tokens, "tokens");
    tokensByDenom = Map.copyOf(tokensByDenom);
    Objects.requireNonNull(status, "status");
    this.operatorAddress = operatorAddress;
    this.consensusKey = consensusKey;
    this.moniker = moniker;
    this.tokens = tokens;
    this.tokensByDenom = tokensByDenom;
    this.votingPower = votingPower;
    this.status = status;
    this.jailed = jailed;
    this.commissionRate = commissionRate;
  }

  /** The operator address ({@code ...valoper1...}), or the chain's own identity. */
  public String operatorAddress() {
    return operatorAddress;
  }

  /** The consensus public key, {@code null} when its type is unknown. */
  public ConsensusKey consensusKey() {
    return consensusKey;
  }

  /** The moniker, empty when none. */
  public String moniker() {
    return moniker;
  }

  /** The stake in the bond denom's base unit (for multi-denom chains, the weighted total). */
  public BigInteger tokens() {
    return tokens;
  }

  /** Stake per denom; a single entry on chains with one bond denom. */
  public Map<String, BigInteger> tokensByDenom() {
    return tokensByDenom;
  }

  /** The CometBFT voting power the stake gives (0 unless bonded). */
  public long votingPower() {
    return votingPower;
  }

  /** Bonded, unbonding or unbonded. */
  public BondStatus status() {
    return status;
  }

  /** Whether the validator is jailed. */
  public boolean jailed() {
    return jailed;
  }

  /** Commission as a fraction (0.05 for 5 %), {@code null} when unknown. */
  public BigDecimal commissionRate() {
    return commissionRate;
  }

  /** Upper-case hex consensus address, or {@code null} when the key is unknown. */
  public String consensusAddressHex() {
    return consensusKey == null ? null : consensusKey.addressHex();
  }

  @Override
  public boolean equals(Object o) {
    return o == this
        || (o instanceof ValidatorInfo that
        && Objects.equals(operatorAddress, that.operatorAddress)
        && Objects.equals(consensusKey, that.consensusKey)
        && Objects.equals(moniker, that.moniker)
        && Objects.equals(tokens, that.tokens)
        && Objects.equals(tokensByDenom, that.tokensByDenom)
        && Objects.equals(votingPower, that.votingPower)
        && Objects.equals(status, that.status)
        && Objects.equals(jailed, that.jailed)
        && Objects.equals(commissionRate, that.commissionRate));
  }

  @Override
  public int hashCode() {
    return Objects.hash(operatorAddress, consensusKey, moniker, tokens, tokensByDenom, votingPower, status, jailed, commissionRate);
  }

  @Override
  public String toString() {
    return "ValidatorInfo[operatorAddress=" + operatorAddress
        + ", consensusKey=" + consensusKey
        + ", moniker=" + moniker
        + ", tokens=" + tokens
        + ", tokensByDenom=" + tokensByDenom
        + ", votingPower=" + votingPower
        + ", status=" + status
        + ", jailed=" + jailed
        + ", commissionRate=" + commissionRate
        + "]";
  }

  /** A builder with nothing set: lists and maps empty, numbers 0, everything else absent. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding this ValidatorInfo's values, to derive a changed copy. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /** Builds a {@link ValidatorInfo}. */
  public static final class Builder {
    private String operatorAddress;
    private ConsensusKey consensusKey;
    private String moniker;
    private BigInteger tokens;
    private Map<String, BigInteger> tokensByDenom = Map.of();
    private long votingPower;
    private BondStatus status;
    private boolean jailed;
    private BigDecimal commissionRate;

    private Builder() {}

    private Builder(ValidatorInfo source) {
      this.operatorAddress = source.operatorAddress;
      this.consensusKey = source.consensusKey;
      this.moniker = source.moniker;
      this.tokens = source.tokens;
      this.tokensByDenom = source.tokensByDenom;
      this.votingPower = source.votingPower;
      this.status = source.status;
      this.jailed = source.jailed;
      this.commissionRate = source.commissionRate;
    }

    /** Sets the operator address ({@code ...valoper1...}), or the chain's own identity. */
    public Builder operatorAddress(String operatorAddress) {
      this.operatorAddress = operatorAddress;
      return this;
    }

    /** Sets the consensus public key, {@code null} when its type is unknown. */
    public Builder consensusKey(ConsensusKey consensusKey) {
      this.consensusKey = consensusKey;
      return this;
    }

    /** Sets the moniker, empty when none. */
    public Builder moniker(String moniker) {
      this.moniker = moniker;
      return this;
    }

    /** Sets the stake in the bond denom's base unit (for multi-denom chains, the weighted total). */
    public Builder tokens(BigInteger tokens) {
      this.tokens = tokens;
      return this;
    }

    /** Sets stake per denom. */
    public Builder tokensByDenom(Map<String, BigInteger> tokensByDenom) {
      this.tokensByDenom = tokensByDenom;
      return this;
    }

    /** Sets the CometBFT voting power the stake gives (0 unless bonded). */
    public Builder votingPower(long votingPower) {
      this.votingPower = votingPower;
      return this;
    }

    /** Sets bonded, unbonding or unbonded. */
    public Builder status(BondStatus status) {
      this.status = status;
      return this;
    }

    /** Sets whether the validator is jailed. */
    public Builder jailed(boolean jailed) {
      this.jailed = jailed;
      return this;
    }

    /** Sets commission as a fraction (0.05 for 5 %), {@code null} when unknown. */
    public Builder commissionRate(BigDecimal commissionRate) {
      this.commissionRate = commissionRate;
      return this;
    }

    public ValidatorInfo build() {
      return new ValidatorInfo(
          operatorAddress, consensusKey, moniker, tokens, tokensByDenom, votingPower, status, jailed,
          commissionRate);
    }
  }
}
