package io.valwatch.simnet;

import io.valwatch.proto.cosmos.base.v1beta1.Coin;
import io.valwatch.proto.cosmos.base.v1beta1.DecCoin;
import io.valwatch.proto.initia.mstaking.v1.BondStatus;
import io.valwatch.proto.initia.mstaking.v1.Commission;
import io.valwatch.proto.initia.mstaking.v1.CommissionRates;
import io.valwatch.proto.initia.mstaking.v1.Description;
import io.valwatch.proto.initia.mstaking.v1.Params;
import io.valwatch.proto.initia.mstaking.v1.Pool;
import io.valwatch.proto.initia.mstaking.v1.QueryParamsRequest;
import io.valwatch.proto.initia.mstaking.v1.QueryParamsResponse;
import io.valwatch.proto.initia.mstaking.v1.QueryPoolRequest;
import io.valwatch.proto.initia.mstaking.v1.QueryPoolResponse;
import io.valwatch.proto.initia.mstaking.v1.QueryValidatorRequest;
import io.valwatch.proto.initia.mstaking.v1.QueryValidatorResponse;
import io.valwatch.proto.initia.mstaking.v1.QueryValidatorsRequest;
import io.valwatch.proto.initia.mstaking.v1.QueryValidatorsResponse;
import io.valwatch.proto.initia.mstaking.v1.Validator;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Initia's {@code initia.mstaking.v1.Query}: Validators, Validator, Pool and Params, with coin-list tokens
 * and shares and the weighted {@code voting_powers} / {@code voting_power}. Coin lists are sorted by denom
 * without zero amounts, as {@code sdk.Coins} are.
 */
final class MstakingQueries {
  /** x/mstaking's default {@code min_voting_power}. */
  static final long MIN_VOTING_POWER = 1_000_000L;

  private static final String SERVICE = "/initia.mstaking.v1.Query/";
  private static final String REST = "/initia/mstaking/v1/";

  private MstakingQueries() {}

  static List<QueryRoute> routes() {
    return List.of(
        QueryRoute.of(SERVICE + "Validators", REST + "validators", QueryValidatorsRequest.getDefaultInstance(),
            MstakingQueries::validators),
        QueryRoute.of(SERVICE + "Validator", REST + "validators/{validator_addr}",
            QueryValidatorRequest.getDefaultInstance(), MstakingQueries::validator),
        QueryRoute.of(SERVICE + "Pool", REST + "pool", QueryPoolRequest.getDefaultInstance(),
            (state, request) -> pool(state)),
        QueryRoute.of(SERVICE + "Params", REST + "params", QueryParamsRequest.getDefaultInstance(),
            (state, request) -> params(state.config)));
  }

  /**
   * With the BONDED filter mstaking walks its power index, so validators come by CometBFT power, highest
   * first (then operator address), and page keys follow that index; otherwise by operator address.
   */
  private static QueryOutcome validators(ChainState state, QueryValidatorsRequest request) throws InvalidRequest {
    io.valwatch.model.BondStatus filter = ProtoValues.statusFilter(request.getStatus());
    List<SimValidator> matching = ProtoValues.validators(state, filter);
    Page<SimValidator> page;
    if (filter == io.valwatch.model.BondStatus.BONDED) {
      List<SimValidator> byPower = matching.stream()
          .sorted((a, b) -> Arrays.compareUnsigned(powerKey(a), powerKey(b)))
          .toList();
      page = Page.of(byPower, MstakingQueries::powerKey, request.getPagination());
    } else {
      page = Page.of(matching, v -> v.operatorBytes, request.getPagination());
    }
    return QueryOutcome.ok(QueryValidatorsResponse.newBuilder()
        .addAllValidators(page.items().stream().map(v -> validator(state.config, v)).toList())
        .setPagination(page.response())
        .build());
  }

  /** Power descending, then operator address: the inverted power in big-endian, then the address. */
  private static byte[] powerKey(SimValidator v) {
    return ByteBuffer.allocate(8 + v.operatorBytes.length)
        .putLong(Long.MAX_VALUE - v.power())
        .put(v.operatorBytes)
        .array();
  }

  private static QueryOutcome validator(ChainState state, QueryValidatorRequest request) {
    return ProtoValues.oneValidator(state, request.getValidatorAddr(),
        v -> QueryValidatorResponse.newBuilder().setValidator(validator(state.config, v)).build());
  }

  private static Validator validator(ChainConfig config, SimValidator v) {
    return Validator.newBuilder()
        .setOperatorAddress(v.operatorAddress)
        .setConsensusPubkey(ProtoValues.consensusPubkey(v))
        .setJailed(v.jailed)
        .setStatus(BondStatus.forNumber(ProtoValues.statusNumber(v.status)))
        .addAllTokens(coins(config, v.tokens, v.lpTokens))
        .addAllDelegatorShares(shares(config, v))
        .setDescription(Description.newBuilder().setMoniker(v.name))
        .setUnbondingHeight(v.unbondingHeight)
        .setUnbondingTime(ProtoValues.timestamp(v.unbondingTime))
        .setCommission(Commission.newBuilder()
            .setCommissionRates(CommissionRates.newBuilder()
                .setRate(Encoding.scaledDec(ProtoValues.COMMISSION_RATE))
                .setMaxRate(Encoding.scaledDec(ProtoValues.COMMISSION_MAX_RATE))
                .setMaxChangeRate(Encoding.scaledDec(ProtoValues.COMMISSION_MAX_CHANGE_RATE)))
            .setUpdateTime(ProtoValues.timestamp(config.genesisTime())))
        .addAllVotingPowers(coins(config, v.tokens, config.lpVotingPower(v.lpTokens)))
        .setVotingPower(Long.toString(v.votingPower()))
        .build();
  }

  private static QueryOutcome params(ChainConfig config) {
    return QueryOutcome.ok(QueryParamsResponse.newBuilder()
        .setParams(Params.newBuilder()
            .setUnbondingTime(ProtoValues.duration(ChainConfig.UNBONDING_TIME))
            .setMaxValidators(config.maxValidators())
            .setMaxEntries(ProtoValues.MAX_ENTRIES)
            .setHistoricalEntries(ProtoValues.HISTORICAL_ENTRIES)
            .addBondDenoms(config.bondDenom())
            .addBondDenoms(config.lpDenom())
            .setMinVotingPower(MIN_VOTING_POWER)
            .setMinCommissionRate(Encoding.scaledDec(BigDecimal.ZERO)))
        .build());
  }

  private static QueryOutcome pool(ChainState state) {
    ChainConfig config = state.config;
    long bonded = 0;
    long bondedLp = 0;
    long notBonded = 0;
    long notBondedLp = 0;
    for (SimValidator v : state.validators()) {
      if (!v.created) {
        continue;
      }
      if (v.status == io.valwatch.model.BondStatus.BONDED) {
        bonded += v.tokens;
        bondedLp += v.lpTokens;
      } else {
        notBonded += v.tokens;
        notBondedLp += v.lpTokens;
      }
    }
    return QueryOutcome.ok(QueryPoolResponse.newBuilder()
        .setPool(Pool.newBuilder()
            .addAllNotBondedTokens(coins(config, notBonded, notBondedLp))
            .addAllBondedTokens(coins(config, bonded, bondedLp))
            .addAllVotingPowerWeights(weights(config)))
        .build());
  }

  /** {@code sdk.Coins} of the base and LP denoms: sorted by denom, zero amounts left out. */
  private static List<Coin> coins(ChainConfig config, long base, long lp) {
    return amounts(config, base, lp).entrySet().stream()
        .map(e -> Coin.newBuilder().setDenom(e.getKey()).setAmount(Long.toString(e.getValue())).build())
        .toList();
  }

  /** Delegator shares per denom, as DecCoins. */
  private static List<DecCoin> shares(ChainConfig config, SimValidator v) {
    return amounts(config, v.shareTokens, v.lpShareTokens).entrySet().stream()
        .map(e -> decCoin(e.getKey(), ProtoValues.decOf(e.getValue())))
        .toList();
  }

  /** The voting power weight of each bond denom: 1 for the base denom. */
  private static List<DecCoin> weights(ChainConfig config) {
    return amounts(config, 1, 1).keySet().stream()
        .map(denom -> decCoin(denom,
            Encoding.scaledDec(denom.equals(config.lpDenom()) ? config.lpWeight() : BigDecimal.ONE)))
        .toList();
  }

  private static DecCoin decCoin(String denom, String wireAmount) {
    return DecCoin.newBuilder().setDenom(denom).setAmount(wireAmount).build();
  }

  private static Map<String, Long> amounts(ChainConfig config, long base, long lp) {
    Map<String, Long> amounts = new TreeMap<>();
    if (base != 0) {
      amounts.put(config.bondDenom(), base);
    }
    if (lp != 0) {
      amounts.put(config.lpDenom(), lp);
    }
    return amounts;
  }
}
