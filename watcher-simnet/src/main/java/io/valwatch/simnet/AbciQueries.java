package io.valwatch.simnet;

import com.google.protobuf.Any;
import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.Timestamp;
import io.valwatch.identity.KeyType;
import io.valwatch.proto.cosmos.base.query.v1beta1.PageRequest;
import io.valwatch.proto.cosmos.base.query.v1beta1.PageResponse;
import io.valwatch.proto.cosmos.slashing.v1beta1.QuerySigningInfoRequest;
import io.valwatch.proto.cosmos.slashing.v1beta1.QuerySigningInfoResponse;
import io.valwatch.proto.cosmos.slashing.v1beta1.QuerySigningInfosRequest;
import io.valwatch.proto.cosmos.slashing.v1beta1.QuerySigningInfosResponse;
import io.valwatch.proto.cosmos.slashing.v1beta1.ValidatorSigningInfo;
import io.valwatch.proto.cosmos.staking.v1beta1.BondStatus;
import io.valwatch.proto.cosmos.staking.v1beta1.Commission;
import io.valwatch.proto.cosmos.staking.v1beta1.CommissionRates;
import io.valwatch.proto.cosmos.staking.v1beta1.Description;
import io.valwatch.proto.cosmos.staking.v1beta1.Pool;
import io.valwatch.proto.cosmos.staking.v1beta1.QueryPoolResponse;
import io.valwatch.proto.cosmos.staking.v1beta1.QueryValidatorRequest;
import io.valwatch.proto.cosmos.staking.v1beta1.QueryValidatorResponse;
import io.valwatch.proto.cosmos.staking.v1beta1.QueryValidatorsRequest;
import io.valwatch.proto.cosmos.staking.v1beta1.QueryValidatorsResponse;
import io.valwatch.proto.cosmos.staking.v1beta1.Validator;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;

/**
 * Answers {@code abci_query} for the gRPC query paths of x/staking and x/slashing with real protobuf, as an
 * SDK 0.50 app does: the reply value is the serialized response message, errors carry the SDK's codes
 * (6 unknown request, 18 invalid request, 38 not found) in codespace {@code sdk}. Queries are answered from
 * the latest state whatever height is asked.
 */
final class AbciQueries {
  private static final int DEFAULT_LIMIT = 100;
  private static final BigInteger DEC_ONE = BigInteger.TEN.pow(18);

  /** The outcome of one query: a response message or an SDK error. */
  record Outcome(int code, String log, Message value) {
    static Outcome ok(Message value) {
      return new Outcome(0, "", value);
    }

    static Outcome error(int code, String log) {
      return new Outcome(code, log, null);
    }
  }

  private final ChainState state;
  private final ChainConfig config;

  AbciQueries(ChainState state) {
    this.state = state;
    this.config = state.config;
  }

  Outcome query(String path, byte[] data) {
    try {
      return switch (path) {
        case "/cosmos.staking.v1beta1.Query/Validators" -> validators(QueryValidatorsRequest.parseFrom(data));
        case "/cosmos.staking.v1beta1.Query/Validator" -> validator(QueryValidatorRequest.parseFrom(data));
        case "/cosmos.staking.v1beta1.Query/Params" -> Outcome.ok(stakingParams());
        case "/cosmos.staking.v1beta1.Query/Pool" -> Outcome.ok(pool());
        case "/cosmos.slashing.v1beta1.Query/Params" -> Outcome.ok(slashingParams());
        case "/cosmos.slashing.v1beta1.Query/SigningInfos" -> signingInfos(QuerySigningInfosRequest.parseFrom(data));
        case "/cosmos.slashing.v1beta1.Query/SigningInfo" -> signingInfo(QuerySigningInfoRequest.parseFrom(data));
        default -> Outcome.error(6, "unknown query path: unknown request");
      };
    } catch (InvalidProtocolBufferException e) {
      return invalidRequest("cannot decode request for " + path + ": " + e.getMessage());
    } catch (PageError e) {
      return invalidRequest(e.getMessage());
    }
  }

  private Outcome validators(QueryValidatorsRequest request) throws PageError {
    String status = request.getStatus();
    BondStatus filter = null;
    if (!status.isEmpty()) {
      try {
        filter = BondStatus.valueOf(status);
      } catch (IllegalArgumentException e) {
        filter = BondStatus.UNRECOGNIZED;
      }
      if (filter == BondStatus.UNRECOGNIZED || filter == BondStatus.BOND_STATUS_UNSPECIFIED) {
        return invalidRequest("invalid validator status " + status);
      }
    }
    BondStatus wanted = filter;
    List<SimValidator> matching = state.validators().stream()
        .filter(v -> v.created && (wanted == null || protoStatus(v) == wanted))
        .sorted(Comparator.comparing(v -> v.operatorBytes, Arrays::compareUnsigned))
        .toList();
    Page<SimValidator> page = Page.of(matching, v -> v.operatorBytes, request.getPagination());
    return Outcome.ok(QueryValidatorsResponse.newBuilder()
        .addAllValidators(page.items().stream().map(this::validator).toList())
        .setPagination(page.response())
        .build());
  }

  private Outcome validator(QueryValidatorRequest request) {
    String address = request.getValidatorAddr();
    for (SimValidator v : state.validators()) {
      if (v.created && v.operatorAddress.equals(address)) {
        return Outcome.ok(QueryValidatorResponse.newBuilder().setValidator(validator(v)).build());
      }
    }
    if (address.isEmpty()) {
      return invalidRequest("empty validator address");
    }
    return notFound("validator " + address + " not found");
  }

  private Outcome signingInfos(QuerySigningInfosRequest request) throws PageError {
    List<SimValidator> infos = state.validators().stream()
        .filter(v -> v.everBonded)
        .sorted(Comparator.comparing(v -> v.consensusAddress, Arrays::compareUnsigned))
        .toList();
    Page<SimValidator> page = Page.of(infos, v -> v.consensusAddress, request.getPagination());
    return Outcome.ok(QuerySigningInfosResponse.newBuilder()
        .addAllInfo(page.items().stream().map(this::signingInfo).toList())
        .setPagination(page.response())
        .build());
  }

  private Outcome signingInfo(QuerySigningInfoRequest request) {
    String address = request.getConsAddress();
    if (address.isEmpty()) {
      return invalidRequest("empty request");
    }
    for (SimValidator v : state.validators()) {
      if (v.everBonded && v.valconsAddress.equals(address)) {
        return Outcome.ok(QuerySigningInfoResponse.newBuilder().setValSigningInfo(signingInfo(v)).build());
      }
    }
    return notFound("SigningInfo not found for validator " + address);
  }

  private Validator validator(SimValidator v) {
    ByteString key = ByteString.copyFrom(v.key.bytes());
    ByteString pubKey = v.key.type() == KeyType.ED25519
        ? io.valwatch.proto.cosmos.crypto.ed25519.PubKey.newBuilder().setKey(key).build().toByteString()
        : io.valwatch.proto.cosmos.crypto.secp256k1.PubKey.newBuilder().setKey(key).build().toByteString();
    return Validator.newBuilder()
        .setOperatorAddress(v.operatorAddress)
        .setConsensusPubkey(Any.newBuilder().setTypeUrl(v.key.type().anyTypeUrl()).setValue(pubKey))
        .setJailed(v.jailed)
        .setStatus(protoStatus(v))
        .setTokens(Long.toString(v.tokens))
        .setDelegatorShares(BigInteger.valueOf(v.shareTokens).multiply(DEC_ONE).toString())
        .setDescription(Description.newBuilder().setMoniker(v.name))
        .setUnbondingHeight(v.unbondingHeight)
        .setUnbondingTime(timestamp(v.unbondingTime))
        .setCommission(Commission.newBuilder()
            .setCommissionRates(CommissionRates.newBuilder()
                .setRate(Encoding.scaledDec(new BigDecimal("0.05")))
                .setMaxRate(Encoding.scaledDec(new BigDecimal("0.2")))
                .setMaxChangeRate(Encoding.scaledDec(new BigDecimal("0.01"))))
            .setUpdateTime(timestamp(config.genesisTime())))
        .setMinSelfDelegation("1")
        .build();
  }

  private ValidatorSigningInfo signingInfo(SimValidator v) {
    return ValidatorSigningInfo.newBuilder()
        .setAddress(v.valconsAddress)
        .setStartHeight(v.startHeight)
        .setIndexOffset(v.indexOffset)
        .setJailedUntil(timestamp(v.jailedUntil))
        .setTombstoned(v.tombstoned)
        .setMissedBlocksCounter(v.missedBlocksCounter)
        .build();
  }

  private io.valwatch.proto.cosmos.staking.v1beta1.QueryParamsResponse stakingParams() {
    return io.valwatch.proto.cosmos.staking.v1beta1.QueryParamsResponse.newBuilder()
        .setParams(io.valwatch.proto.cosmos.staking.v1beta1.Params.newBuilder()
            .setUnbondingTime(duration(ChainConfig.UNBONDING_TIME))
            .setMaxValidators(config.maxValidators())
            .setMaxEntries(7)
            .setHistoricalEntries(10_000)
            .setBondDenom(config.bondDenom())
            .setMinCommissionRate(Encoding.scaledDec(BigDecimal.ZERO)))
        .build();
  }

  private QueryPoolResponse pool() {
    long bonded = 0;
    long notBonded = 0;
    for (SimValidator v : state.validators()) {
      if (!v.created) {
        continue;
      }
      if (v.status == io.valwatch.spi.BondStatus.BONDED) {
        bonded += v.tokens;
      } else {
        notBonded += v.tokens;
      }
    }
    return QueryPoolResponse.newBuilder()
        .setPool(Pool.newBuilder().setBondedTokens(Long.toString(bonded)).setNotBondedTokens(Long.toString(notBonded)))
        .build();
  }

  private io.valwatch.proto.cosmos.slashing.v1beta1.QueryParamsResponse slashingParams() {
    return io.valwatch.proto.cosmos.slashing.v1beta1.QueryParamsResponse.newBuilder()
        .setParams(io.valwatch.proto.cosmos.slashing.v1beta1.Params.newBuilder()
            .setSignedBlocksWindow(config.signedBlocksWindow())
            .setMinSignedPerWindow(decBytes(config.minSignedPerWindow()))
            .setDowntimeJailDuration(duration(config.downtimeJailDuration()))
            .setSlashFractionDoubleSign(decBytes(config.slashFractionDoubleSign()))
            .setSlashFractionDowntime(decBytes(config.slashFractionDowntime())))
        .build();
  }

  private static BondStatus protoStatus(SimValidator v) {
    return switch (v.status) {
      case BONDED -> BondStatus.BOND_STATUS_BONDED;
      case UNBONDING -> BondStatus.BOND_STATUS_UNBONDING;
      default -> BondStatus.BOND_STATUS_UNBONDED;
    };
  }

  private static ByteString decBytes(BigDecimal value) {
    return ByteString.copyFrom(Encoding.scaledDec(value), StandardCharsets.US_ASCII);
  }

  private static Timestamp timestamp(Instant time) {
    return Timestamp.newBuilder().setSeconds(time.getEpochSecond()).setNanos(time.getNano()).build();
  }

  private static com.google.protobuf.Duration duration(java.time.Duration d) {
    return com.google.protobuf.Duration.newBuilder().setSeconds(d.getSeconds()).setNanos(d.getNano()).build();
  }

  private static Outcome invalidRequest(String reason) {
    return Outcome.error(18, "rpc error: code = InvalidArgument desc = " + reason + ": invalid request");
  }

  private static Outcome notFound(String reason) {
    return Outcome.error(38, "rpc error: code = NotFound desc = " + reason + ": key not found");
  }

  /** A pagination request the SDK would reject. */
  private static final class PageError extends Exception {
    PageError(String message) {
      super(message);
    }
  }

  /**
   * One page of a key-ordered collection, following the SDK's {@code query.Paginate}: {@code key} and
   * {@code offset} are exclusive, limit 0 means 100 and forces a total, {@code next_key} is the key of the
   * first item after the page, {@code total} is only given for offset requests that ask for it.
   */
  private record Page<T>(List<T> items, PageResponse response) {
    static <T> Page<T> of(List<T> sorted, Function<T, byte[]> keyOf, PageRequest request) throws PageError {
      byte[] key = request.getKey().toByteArray();
      if (key.length > 0 && request.getOffset() > 0) {
        throw new PageError("invalid request, either offset or key is expected, got both");
      }
      if (request.getReverse()) {
        List<T> reversed = new ArrayList<>(sorted);
        Collections.reverse(reversed);
        sorted = reversed;
      }
      long limit = request.getLimit();
      boolean countTotal = request.getCountTotal();
      if (limit == 0) {
        limit = DEFAULT_LIMIT;
        countTotal = true;
      }
      int start;
      if (key.length > 0) {
        start = 0;
        boolean reverse = request.getReverse();
        while (start < sorted.size() && (reverse
            ? Arrays.compareUnsigned(keyOf.apply(sorted.get(start)), key) > 0
            : Arrays.compareUnsigned(keyOf.apply(sorted.get(start)), key) < 0)) {
          start++;
        }
      } else {
        start = (int) Math.min(request.getOffset(), sorted.size());
      }
      int end = (int) Math.min(sorted.size(), start + limit);
      PageResponse.Builder response = PageResponse.newBuilder();
      if (end < sorted.size()) {
        response.setNextKey(ByteString.copyFrom(keyOf.apply(sorted.get(end))));
      }
      if (key.length == 0 && countTotal) {
        response.setTotal(sorted.size());
      }
      return new Page<>(sorted.subList(start, end), response.build());
    }
  }
}
