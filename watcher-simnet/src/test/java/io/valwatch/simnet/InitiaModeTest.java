package io.valwatch.simnet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.valwatch.model.BondStatus;
import io.valwatch.proto.cosmos.base.query.v1beta1.PageRequest;
import io.valwatch.proto.cosmos.base.v1beta1.Coin;
import io.valwatch.proto.cosmos.base.v1beta1.DecCoin;
import io.valwatch.proto.cosmos.slashing.v1beta1.QuerySigningInfosRequest;
import io.valwatch.proto.initia.mstaking.v1.QueryGrpc;
import io.valwatch.proto.initia.mstaking.v1.QueryParamsRequest;
import io.valwatch.proto.initia.mstaking.v1.QueryPoolRequest;
import io.valwatch.proto.initia.mstaking.v1.QueryValidatorRequest;
import io.valwatch.proto.initia.mstaking.v1.QueryValidatorsRequest;
import io.valwatch.proto.initia.mstaking.v1.QueryValidatorsResponse;
import io.valwatch.proto.initia.mstaking.v1.Validator;
import io.valwatch.rpc.AbciQueryResult;
import io.valwatch.rpc.CometRpcClient;
import io.valwatch.rpc.ConsensusValidator;
import io.valwatch.rpc.RpcEndpoint;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A chain with Initia's x/mstaking, read through abci_query, gRPC and REST. */
@Timeout(30)
class InitiaModeTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final String LP = "move/" + "ab".repeat(32);

  private final OkHttpClient http = new OkHttpClient();
  private SimulatedChain chain;
  private SimnetServer server;
  private ManagedChannel channel;
  private QueryGrpc.QueryBlockingStub mstaking;

  /**
   * Voting power = uinit + 2 × LP: bob 4 + 2 × 5 = 14, alice 10, carol 3, dave 0.9 (below 1 CometBFT power,
   * so never bonded).
   */
  @BeforeEach
  void start() throws IOException {
    chain = SimulatedChain.builder()
        .stakingModule(StakingModule.INITIA)
        .lpDenom(LP, "2")
        .validator("alice", 10_000_000)
        .validator("bob", 4_000_000, 5_000_000)
        .validator("carol", 3_000_000, 0)
        .validator("dave", 500_000, 200_000)
        .build();
    chain.produceBlocks(5);
    server = SimnetServer.start(chain);
    channel = ManagedChannelBuilder.forTarget(server.grpcTarget()).usePlaintext().build();
    mstaking = QueryGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS);
  }

  @AfterEach
  void stop() throws InterruptedException {
    channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    server.close();
    http.dispatcher().executorService().shutdown();
    http.connectionPool().evictAll();
  }

  @Test
  void defaultsAndTruthFollowInitia() {
    assertThat(chain.bech32Prefix()).isEqualTo("init");
    assertThat(chain.bondDenom()).isEqualTo("uinit");
    assertThat(chain.lpDenom()).isEqualTo(LP);
    ValidatorTruth bob = chain.truth().validator("bob");
    assertThat(bob.operatorAddress()).startsWith("initvaloper1");
    assertThat(bob.consensusAddress()).startsWith("initvalcons1");
    assertThat(bob.tokens()).isEqualTo(4_000_000);
    assertThat(bob.lpTokens()).isEqualTo(5_000_000);
    assertThat(bob.votingPower()).isEqualTo(14_000_000);
    assertThat(chain.truth().validator("dave").status()).isEqualTo(BondStatus.UNBONDED);
    assertThat(SimulatedChain.builder().stakingModule(StakingModule.INITIA).validator("a", 2_000_000).build()
        .lpDenom()).matches("move/[0-9a-f]{64}");
  }

  @Test
  void cometPowerIsVotingPowerOverAMillionInThatOrder() throws Exception {
    List<ConsensusValidator> set = new CometRpcClient(RpcEndpoint.parse(server.url()), http)
        .validators(5).validators();
    assertThat(set).extracting(ConsensusValidator::votingPower).containsExactly(14L, 10L, 3L);
    assertThat(set).extracting(ConsensusValidator::address).containsExactly(
        chain.truth().validator("bob").consensusAddressHex(),
        chain.truth().validator("alice").consensusAddressHex(),
        chain.truth().validator("carol").consensusAddressHex());
  }

  @Test
  void abciQueryServesMstakingAndRefusesStandardStaking() throws Exception {
    CometRpcClient rpc = new CometRpcClient(RpcEndpoint.parse(server.url()), http);
    AbciQueryResult bonded = rpc.abciQuery("/initia.mstaking.v1.Query/Validators",
        QueryValidatorsRequest.newBuilder().setStatus("BOND_STATUS_BONDED").build().toByteArray(), 0);
    assertThat(bonded.code()).isZero();
    List<Validator> validators = QueryValidatorsResponse.parseFrom(bonded.value()).getValidatorsList();
    assertThat(validators).extracting(v -> v.getDescription().getMoniker()).containsExactly("bob", "alice", "carol");
    Validator bob = validators.get(0);
    assertThat(bob.getTokensList()).extracting(Coin::getDenom, Coin::getAmount)
        .containsExactly(tuple(LP, "5000000"),
            tuple("uinit", "4000000"));
    assertThat(bob.getVotingPowersList()).extracting(Coin::getAmount).containsExactly("10000000", "4000000");
    assertThat(bob.getVotingPower()).isEqualTo("14000000");
    assertThat(bob.getDelegatorSharesList()).extracting(DecCoin::getAmount)
        .containsExactly("5000000000000000000000000", "4000000000000000000000000");

    AbciQueryResult standard = rpc.abciQuery("/cosmos.staking.v1beta1.Query/Validators", new byte[0], 0);
    assertThat(standard.code()).isNotZero();
    assertThat(standard.log()).contains("not supported");
    AbciQueryResult params = rpc.abciQuery("/cosmos.staking.v1beta1.Query/Params", new byte[0], 0);
    assertThat(io.valwatch.proto.cosmos.staking.v1beta1.QueryParamsResponse.parseFrom(params.value())
        .getParams().getBondDenom()).isEqualTo("uinit");
  }

  @Test
  void grpcServesMstakingSlashingAndTheStakingParamsOnly() {
    QueryValidatorsResponse first = mstaking.validators(QueryValidatorsRequest.newBuilder()
        .setStatus("BOND_STATUS_BONDED").setPagination(PageRequest.newBuilder().setLimit(2)).build());
    assertThat(first.getValidatorsList()).extracting(v -> v.getDescription().getMoniker()).containsExactly("bob", "alice");
    QueryValidatorsResponse second = mstaking.validators(QueryValidatorsRequest.newBuilder()
        .setStatus("BOND_STATUS_BONDED")
        .setPagination(PageRequest.newBuilder().setKey(first.getPagination().getNextKey()).setLimit(2)).build());
    assertThat(second.getValidatorsList()).extracting(v -> v.getDescription().getMoniker()).containsExactly("carol");
    assertThat(second.getPagination().getNextKey().isEmpty()).isTrue();

    String alice = chain.truth().validator("alice").operatorAddress();
    assertThat(mstaking.validator(QueryValidatorRequest.newBuilder().setValidatorAddr(alice).build())
        .getValidator().getVotingPower()).isEqualTo("10000000");
    io.valwatch.proto.initia.mstaking.v1.Params params = mstaking.params(QueryParamsRequest.getDefaultInstance()).getParams();
    assertThat(params.getBondDenomsList()).containsExactly("uinit", LP);
    assertThat(params.getMinVotingPower()).isEqualTo(1_000_000);
    io.valwatch.proto.initia.mstaking.v1.Pool pool = mstaking.pool(QueryPoolRequest.getDefaultInstance()).getPool();
    assertThat(pool.getBondedTokensList()).extracting(Coin::getAmount).containsExactly("5000000", "17000000");
    assertThat(pool.getNotBondedTokensList()).extracting(Coin::getAmount).containsExactly("200000", "500000");
    assertThat(pool.getVotingPowerWeightsList()).extracting(DecCoin::getAmount)
        .containsExactly("2000000000000000000", "1000000000000000000");

    io.valwatch.proto.cosmos.staking.v1beta1.QueryGrpc.QueryBlockingStub standard =
        io.valwatch.proto.cosmos.staking.v1beta1.QueryGrpc.newBlockingStub(channel)
            .withDeadlineAfter(10, TimeUnit.SECONDS);
    assertThatThrownBy(() -> standard.validators(
        io.valwatch.proto.cosmos.staking.v1beta1.QueryValidatorsRequest.getDefaultInstance()))
        .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
          assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNIMPLEMENTED);
          assertThat(e.getStatus().getDescription()).contains("not supported");
        });
    assertThat(standard.params(io.valwatch.proto.cosmos.staking.v1beta1.QueryParamsRequest.getDefaultInstance())
        .getParams().getBondDenom()).isEqualTo("uinit");
    assertThat(io.valwatch.proto.cosmos.slashing.v1beta1.QueryGrpc.newBlockingStub(channel)
        .withDeadlineAfter(10, TimeUnit.SECONDS)
        .signingInfos(QuerySigningInfosRequest.getDefaultInstance()).getInfoList())
        .hasSize(3)
        .allSatisfy(info -> assertThat(info.getAddress()).startsWith("initvalcons1"));
    assertThat(server.requestCount("initia.mstaking.v1.Query/Validators")).isEqualTo(2);
  }

  @Test
  void restServesMstakingJsonAndNotImplementedForStandardStaking() throws IOException {
    JsonNode bonded = get("/initia/mstaking/v1/validators?status=BOND_STATUS_BONDED").body();
    JsonNode bob = bonded.get("validators").get(0);
    assertThat(bob.get("tokens").toString()).isEqualTo(
        "[{\"denom\":\"" + LP + "\",\"amount\":\"5000000\"},{\"denom\":\"uinit\",\"amount\":\"4000000\"}]");
    assertThat(bob.get("delegator_shares").toString()).isEqualTo("[{\"denom\":\"" + LP
        + "\",\"amount\":\"5000000.000000000000000000\"},{\"denom\":\"uinit\",\"amount\":\"4000000.000000000000000000\"}]");
    assertThat(bob.get("voting_powers").toString()).isEqualTo(
        "[{\"denom\":\"" + LP + "\",\"amount\":\"10000000\"},{\"denom\":\"uinit\",\"amount\":\"4000000\"}]");
    assertThat(bob.get("voting_power").asText()).isEqualTo("14000000");
    assertThat(bob.get("status").asText()).isEqualTo("BOND_STATUS_BONDED");
    assertThat(bob.get("consensus_pubkey").get("@type").asText()).isEqualTo("/cosmos.crypto.ed25519.PubKey");
    assertThat(bob.get("commission").get("commission_rates").get("rate").asText()).isEqualTo("0.050000000000000000");
    assertThat(bob.get("unbonding_on_hold_ref_count").asText()).isEqualTo("0");
    assertThat(bob.get("unbonding_id").asText()).isEqualTo("0");
    assertThat(bob.has("min_self_delegation")).isFalse();

    List<String> paged = new ArrayList<>();
    String key = null;
    do {
      HttpUrl.Builder url = HttpUrl.get(server.restUrl() + "/initia/mstaking/v1/validators").newBuilder()
          .addQueryParameter("pagination.limit", "1");
      if (key != null) {
        url.addQueryParameter("pagination.key", key);
      }
      JsonNode page = get(url.build()).body();
      page.get("validators").forEach(v -> paged.add(v.get("description").get("moniker").asText()));
      key = page.get("pagination").get("next_key").isNull() ? null : page.get("pagination").get("next_key").asText();
    } while (key != null);
    assertThat(paged).containsExactlyInAnyOrder("alice", "bob", "carol", "dave");

    assertThat(get("/initia/mstaking/v1/params").body().get("params").toString()).isEqualTo("{"
        + "\"unbonding_time\":\"1814400s\",\"max_validators\":100,\"max_entries\":7,\"historical_entries\":10000,"
        + "\"bond_denoms\":[\"uinit\",\"" + LP + "\"],\"min_voting_power\":\"1000000\","
        + "\"min_commission_rate\":\"0.000000000000000000\"}");
    assertThat(get("/initia/mstaking/v1/pool").body().get("pool").get("voting_power_weights").toString())
        .isEqualTo("[{\"denom\":\"" + LP + "\",\"amount\":\"2.000000000000000000\"},"
            + "{\"denom\":\"uinit\",\"amount\":\"1.000000000000000000\"}]");

    Reply standard = get("/cosmos/staking/v1beta1/validators");
    assertThat(standard.code()).isEqualTo(501);
    assertThat(standard.body().toString()).isEqualTo("{\"code\":12,\"message\":\"Not Implemented\",\"details\":[]}");
    assertThat(get("/cosmos/staking/v1beta1/params").body().get("params").get("bond_denom").asText()).isEqualTo("uinit");
    assertThat(get("/cosmos/slashing/v1beta1/signing_infos").body().get("info")).hasSize(3);
  }

  @Test
  void doubleSignBurnsEveryDenom() {
    SimulatedChain slashed = SimulatedChain.builder()
        .stakingModule(StakingModule.INITIA)
        .lpDenom(LP, "2")
        .validator("alice", 10_000_000)
        .validator("bob", 4_000_000, 5_000_000)
        .doubleSign("bob", 3)
        .build();
    slashed.produceBlocks(3);
    ValidatorTruth bob = slashed.truth().validator("bob");
    assertThat(bob.tokens()).isEqualTo(3_800_000);
    assertThat(bob.lpTokens()).isEqualTo(4_750_000);
    assertThat(bob.votingPower()).isEqualTo(13_300_000);
    assertThat(bob.tombstoned()).isTrue();
  }

  @Test
  void builderRefusesLpOutsideInitiaAndMalformedDenoms() {
    assertThatThrownBy(() -> SimulatedChain.builder().validator("a", 2_000_000, 1).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("StakingModule.INITIA");
    assertThatThrownBy(() -> SimulatedChain.builder().lpDenom("move/ABC", "1"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("64 lower-case hex");
    assertThatThrownBy(() -> SimulatedChain.builder().lpDenom(LP, "0"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("positive");
  }

  private record Reply(int code, JsonNode body) {}

  private Reply get(String path) throws IOException {
    return get(HttpUrl.get(server.restUrl() + path));
  }

  private Reply get(HttpUrl url) throws IOException {
    try (Response response = http.newCall(new Request.Builder().url(url).build()).execute()) {
      return new Reply(response.code(), MAPPER.readTree(response.body().string()));
    }
  }
}
