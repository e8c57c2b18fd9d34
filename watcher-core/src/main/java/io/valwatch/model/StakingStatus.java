package io.valwatch.model;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * What the chain's staking and slashing modules say about a validator, as of the last refresh. Fields the
 * chain does not provide are empty ({@code Optional}, {@code OptionalLong} or {@code OptionalInt}). The builder
 * takes plain values; a field not set, or set to {@code null}, is empty.
 *
 * <p>Build one with {@link #builder()}; derive one with {@link #toBuilder()}.
 */
public final class StakingStatus {
  private final String operatorAddress;
  private final String moniker;
  private final BigInteger tokens;
  private final Long votingPower;
  private final Integer rank;
  private final BondStatus bondStatus;
  private final boolean jailed;
  private final Boolean tombstoned;
  private final Instant jailedUntil;
  private final BigDecimal commissionRate;
  private final Long chainMissedBlocksCounter;
  private final Long blocksUntilJail;
  private final Map<String, BigInteger> tokensByDenom;

  private StakingStatus(
      String operatorAddress,
      String moniker,
      BigInteger tokens,
      Long votingPower,
      Integer rank,
      BondStatus bondStatus,
      boolean jailed,
      Boolean tombstoned,
      Instant jailedUntil,
      BigDecimal commissionRate,
      Long chainMissedBlocksCounter,
      Long blocksUntilJail,
      Map<String, BigInteger> tokensByDenom) {
    tokensByDenom = Map.copyOf(tokensByDenom);
    this.operatorAddress = operatorAddress;
    this.moniker = moniker;
    this.tokens = tokens;
    this.votingPower = votingPower;
    this.rank = rank;
    this.bondStatus = bondStatus;
    this.jailed = jailed;
    this.tombstoned = tombstoned;
    this.jailedUntil = jailedUntil;
    this.commissionRate = commissionRate;
    this.chainMissedBlocksCounter = chainMissedBlocksCounter;
    this.blocksUntilJail = blocksUntilJail;
    this.tokensByDenom = tokensByDenom;
  }

  /** The operator address. */
  public Optional<String> operatorAddress() {
    return Optional.ofNullable(operatorAddress);
  }

  /** The moniker. */
  public Optional<String> moniker() {
    return Optional.ofNullable(moniker);
  }

  /** Stake in the bond denom's base unit. */
  public Optional<BigInteger> tokens() {
    return Optional.ofNullable(tokens);
  }

  /** CometBFT voting power. */
  public OptionalLong votingPower() {
    return votingPower == null ? OptionalLong.empty() : OptionalLong.of(votingPower);
  }

  /** 1-based rank among bonded validators by tokens; empty when not bonded. */
  public OptionalInt rank() {
    return rank == null ? OptionalInt.empty() : OptionalInt.of(rank);
  }

  /** Bonded, unbonding or unbonded. */
  public BondStatus bondStatus() {
    return bondStatus;
  }

  /** Whether jailed. */
  public boolean jailed() {
    return jailed;
  }

  /** Whether tombstoned; empty without slashing data. */
  public Optional<Boolean> tombstoned() {
    return Optional.ofNullable(tombstoned);
  }

  /** End of the current or last jailing; empty without slashing data. */
  public Optional<Instant> jailedUntil() {
    return Optional.ofNullable(jailedUntil);
  }

  /** Commission as a fraction. */
  public Optional<BigDecimal> commissionRate() {
    return Optional.ofNullable(commissionRate);
  }

  /** Misses in the chain's own window; empty without slashing data. */
  public OptionalLong chainMissedBlocksCounter() {
    return chainMissedBlocksCounter == null ? OptionalLong.empty() : OptionalLong.of(chainMissedBlocksCounter);
  }

  /**
   * Misses the validator can still afford before the liveness penalty by the chain's own counter alone, as of
   * the last refresh (0: the next miss is punished); empty without a liveness rule. The watcher's
   * figure, which also counts the misses it saw since and knows none is left to count while jailed, is {@link
   * io.valwatch.risk.RiskStatus#blocksUntilPenalty()}.
   */
  public OptionalLong chainBlocksUntilPenalty() {
    return blocksUntilJail == null ? OptionalLong.empty() : OptionalLong.of(blocksUntilJail);
  }

  /**
   * The former name of {@link #chainBlocksUntilPenalty()}.
   *
   * @deprecated use {@link #chainBlocksUntilPenalty()}; removed in the next major release
   */
  @Deprecated
  public OptionalLong blocksUntilJail() {
    return chainBlocksUntilPenalty();
  }

  /** Unweighted stake per denom, on chains that bond several (Initia's x/mstaking); a single entry on chains
   * with one bond denom, empty when unknown.
   */
  public Map<String, BigInteger> tokensByDenom() {
    return tokensByDenom;
  }

  /**
   * The most severe of tombstoned, jailed and the bond status, in lower case ({@code tombstoned},
   * {@code jailed}, {@code bonded}, {@code unbonding}, {@code unbonded}, {@code unknown}), as status pages
   * and reports show it.
   */
  public String summary() {
    if (Boolean.TRUE.equals(tombstoned)) {
      return "tombstoned";
    }
    if (jailed) {
      return "jailed";
    }
    return bondStatus == null ? "unknown" : bondStatus.name().toLowerCase(Locale.ROOT);
  }

  @Override
  public boolean equals(Object o) {
    return o == this
        || (o instanceof StakingStatus that
        && Objects.equals(operatorAddress, that.operatorAddress)
        && Objects.equals(moniker, that.moniker)
        && Objects.equals(tokens, that.tokens)
        && Objects.equals(votingPower, that.votingPower)
        && Objects.equals(rank, that.rank)
        && Objects.equals(bondStatus, that.bondStatus)
        && Objects.equals(jailed, that.jailed)
        && Objects.equals(tombstoned, that.tombstoned)
        && Objects.equals(jailedUntil, that.jailedUntil)
        && Objects.equals(commissionRate, that.commissionRate)
        && Objects.equals(chainMissedBlocksCounter, that.chainMissedBlocksCounter)
        && Objects.equals(blocksUntilJail, that.blocksUntilJail)
        && Objects.equals(tokensByDenom, that.tokensByDenom));
  }

  @Override
  public int hashCode() {
    return Objects.hash(operatorAddress, moniker, tokens, votingPower, rank, bondStatus, jailed, tombstoned, jailedUntil, commissionRate, chainMissedBlocksCounter, blocksUntilJail, tokensByDenom);
  }

  @Override
  public String toString() {
    return "StakingStatus[operatorAddress=" + operatorAddress
        + ", moniker=" + moniker
        + ", tokens=" + tokens
        + ", votingPower=" + votingPower
        + ", rank=" + rank
        + ", bondStatus=" + bondStatus
        + ", jailed=" + jailed
        + ", tombstoned=" + tombstoned
        + ", jailedUntil=" + jailedUntil
        + ", commissionRate=" + commissionRate
        + ", chainMissedBlocksCounter=" + chainMissedBlocksCounter
        + ", blocksUntilJail=" + blocksUntilJail
        + ", tokensByDenom=" + tokensByDenom
        + "]";
  }

  /** A builder with nothing set: lists and maps empty, numbers 0, everything else absent. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding this StakingStatus's values, to derive a changed copy. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /** Builds a {@link StakingStatus}. */
  public static final class Builder {
    private String operatorAddress;
    private String moniker;
    private BigInteger tokens;
    private Long votingPower;
    private Integer rank;
    private BondStatus bondStatus;
    private boolean jailed;
    private Boolean tombstoned;
    private Instant jailedUntil;
    private BigDecimal commissionRate;
    private Long chainMissedBlocksCounter;
    private Long blocksUntilJail;
    private Map<String, BigInteger> tokensByDenom = Map.of();

    private Builder() {}

    private Builder(StakingStatus source) {
      this.operatorAddress = source.operatorAddress;
      this.moniker = source.moniker;
      this.tokens = source.tokens;
      this.votingPower = source.votingPower;
      this.rank = source.rank;
      this.bondStatus = source.bondStatus;
      this.jailed = source.jailed;
      this.tombstoned = source.tombstoned;
      this.jailedUntil = source.jailedUntil;
      this.commissionRate = source.commissionRate;
      this.chainMissedBlocksCounter = source.chainMissedBlocksCounter;
      this.blocksUntilJail = source.blocksUntilJail;
      this.tokensByDenom = source.tokensByDenom;
    }

    /** Sets the operator address. */
    public Builder operatorAddress(String operatorAddress) {
      this.operatorAddress = operatorAddress;
      return this;
    }

    /** Sets the moniker. */
    public Builder moniker(String moniker) {
      this.moniker = moniker;
      return this;
    }

    /** Sets stake in the bond denom's base unit. */
    public Builder tokens(BigInteger tokens) {
      this.tokens = tokens;
      return this;
    }

    /** Sets CometBFT voting power. */
    public Builder votingPower(Long votingPower) {
      this.votingPower = votingPower;
      return this;
    }

    /** Sets 1-based rank among bonded validators by tokens. */
    public Builder rank(Integer rank) {
      this.rank = rank;
      return this;
    }

    /** Sets bonded, unbonding or unbonded. */
    public Builder bondStatus(BondStatus bondStatus) {
      this.bondStatus = bondStatus;
      return this;
    }

    /** Sets whether jailed. */
    public Builder jailed(boolean jailed) {
      this.jailed = jailed;
      return this;
    }

    /** Sets whether tombstoned. */
    public Builder tombstoned(Boolean tombstoned) {
      this.tombstoned = tombstoned;
      return this;
    }

    /** Sets end of the current or last jailing. */
    public Builder jailedUntil(Instant jailedUntil) {
      this.jailedUntil = jailedUntil;
      return this;
    }

    /** Sets commission as a fraction. */
    public Builder commissionRate(BigDecimal commissionRate) {
      this.commissionRate = commissionRate;
      return this;
    }

    /** Sets misses in the chain's own window. */
    public Builder chainMissedBlocksCounter(Long chainMissedBlocksCounter) {
      this.chainMissedBlocksCounter = chainMissedBlocksCounter;
      return this;
    }

    /** Sets the misses left before the liveness penalty by the chain's own counter alone. */
    public Builder chainBlocksUntilPenalty(Long blocksUntilPenalty) {
      this.blocksUntilJail = blocksUntilPenalty;
      return this;
    }

    /**
     * The former name of {@link #chainBlocksUntilPenalty(Long)}.
     *
     * @deprecated use {@link #chainBlocksUntilPenalty(Long)}; removed in the next major release
     */
    @Deprecated
    public Builder blocksUntilJail(Long blocksUntilJail) {
      return chainBlocksUntilPenalty(blocksUntilJail);
    }

    /** Sets unweighted stake per denom, on chains that bond several (Initia's x/mstaking). */
    public Builder tokensByDenom(Map<String, BigInteger> tokensByDenom) {
      this.tokensByDenom = tokensByDenom;
      return this;
    }

    public StakingStatus build() {
      return new StakingStatus(
          operatorAddress, moniker, tokens, votingPower, rank, bondStatus, jailed, tombstoned, jailedUntil,
          commissionRate, chainMissedBlocksCounter, blocksUntilJail, tokensByDenom);
    }
  }
}
