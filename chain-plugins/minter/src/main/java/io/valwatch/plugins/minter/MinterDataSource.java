package io.valwatch.plugins.minter;

import io.valwatch.identity.ConsensusKey;
import io.valwatch.model.BondStatus;
import io.valwatch.model.DisplayUnit;
import io.valwatch.plugins.minter.MinterEndpoint.Candidate;
import io.valwatch.plugins.minter.MinterEndpoint.MissedBlocks;
import io.valwatch.plugins.minter.MinterEndpoint.Status;
import io.valwatch.spi.ChainData;
import io.valwatch.spi.ChainDataSource;
import io.valwatch.spi.SigningInfo;
import io.valwatch.spi.StakingParams;
import io.valwatch.spi.ValidatorInfo;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Minter's candidates and absence records, all read at one height: the newest block an endpoint reports in
 * {@code /status} ({@link EndpointGroup#newestReportedStatus}), then {@code /candidates},
 * {@code /validators} and, for each validator, {@code /missed_blocks}. The last is the only per-validator
 * query; Minter has no bulk form of it, and the set has at most 64 validators, so a refresh costs at most 66
 * requests and one {@code /status} per endpoint (one more when endpoints disagree on the newest block),
 * however many validators are tracked.
 */
final class MinterDataSource implements ChainDataSource {
  /** Minter's validator set size. */
  static final int MAX_VALIDATORS = 64;
  /** Stakes are reported in pip, 10^-18 of the base coin. */
  static final String DENOM = "pip";
  /** The base coin as wallets show it: 1 BIP is 10^18 pip. */
  private static final DisplayUnit DISPLAY_UNIT = new DisplayUnit("BIP", 18);
  /** Unbonded stake is frozen for this many blocks (about 30 days). */
  static final long UNBOND_PERIOD_BLOCKS = 518_400;
  private static final BigDecimal PERCENT = BigDecimal.valueOf(100);

  private final EndpointGroup endpoints;
  private final MinterOptions options;

  MinterDataSource(EndpointGroup endpoints, MinterOptions options) {
    this.endpoints = endpoints;
    this.options = options;
  }

  @Override
  public ChainData fetch() throws IOException {
    endpoints.checkStatuses();
    Status newest = endpoints.newestReportedStatus().orElseThrow(() -> new IOException(
        "staking data not read: no endpoint on network '" + endpoints.network() + "' reports a block: "
            + endpoints.problems()));
    long height = newest.latestBlockHeight();
    List<Candidate> candidates = endpoints.call("candidates at height " + height, e -> e.candidates(height));
    Map<ConsensusKey, Long> powers = endpoints.call("validators at height " + height, e -> e.validators(height));
    List<ValidatorInfo> validators = new ArrayList<>(candidates.size());
    Map<String, SigningInfo> signing = new HashMap<>();
    for (Candidate c : candidates) {
      validators.add(ValidatorInfo.builder()
          .operatorAddress(c.publicKey())
          .consensusKey(c.key())
          .moniker("")
          .tokens(c.totalStake())
          .tokensByDenom(Map.of(DENOM, c.totalStake()))
          .votingPower(powers.getOrDefault(c.key(), 0L))
          .status(c.validator() ? BondStatus.BONDED : BondStatus.UNBONDED)
          .jailed(c.jailedUntil() > height)
          .commissionRate(BigDecimal.valueOf(c.commission()).divide(PERCENT))
          .build());
      signingInfo(c, newest).ifPresent(info -> signing.put(info.consensusAddressHex(), info));
    }
    return ChainData.builder()
        .validators(validators)
        .stakingParams(Optional.of(StakingParams.builder()
            .maxValidators(MAX_VALIDATORS)
            .bondDenom(DENOM)
            .unbondingTime(options.blockTime().multipliedBy(UNBOND_PERIOD_BLOCKS))
            .displayUnit(DISPLAY_UNIT)
            .build()))
        .slashingParams(Optional.empty())
        .livenessRule(Optional.of(options.livenessRule()))
        .signingInfos(signing)
        .build();
  }

  /**
   * A validator's absence count from {@code /missed_blocks}, with its jail end; a candidate that is not a
   * validator but was jailed gets a record with no absences (punishment resets the bitmap), so its jail end
   * is still known. Others have none.
   */
  private Optional<SigningInfo> signingInfo(Candidate c, Status newest) throws MinterApiException {
    long height = newest.latestBlockHeight();
    long absent = 0;
    if (c.validator()) {
      try {
        MissedBlocks missed = endpoints.call("missed blocks of " + c.publicKey(), e -> e.missedBlocks(c.publicKey(), height));
        absent = missed.count();
      } catch (MinterApiException e) {
        if (!e.notFound()) {
          throw e;
        }
        // "Validator not found": switched off between the two reads of the same height cannot happen, but
        // a node answering for a slightly different state can; leave it without a record this time.
        return Optional.empty();
      }
    } else if (c.jailedUntil() == 0) {
      return Optional.empty();
    }
    return Optional.of(SigningInfo.builder()
        .consensusAddressHex(c.key().addressHex())
        .startHeight(0)
        .indexOffset(0)
        .jailedUntil(jailEnd(c.jailedUntil(), newest))
        .tombstoned(false)
        .missedBlocksCounter(absent)
        .build());
  }

  /**
   * When a jail ending at block {@code jailedUntil} ends: the latest block's time plus the blocks to go
   * times the configured block time (an estimate; in the past for an ended jail). The epoch when never jailed.
   */
  private Instant jailEnd(long jailedUntil, Status newest) {
    if (jailedUntil == 0) {
      return Instant.EPOCH;
    }
    return newest.latestBlockTime().plus(options.blockTime().multipliedBy(jailedUntil - newest.latestBlockHeight()));
  }
}
