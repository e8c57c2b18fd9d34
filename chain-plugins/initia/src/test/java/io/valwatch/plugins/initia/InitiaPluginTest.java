package io.valwatch.plugins.initia;

import static org.assertj.core.api.Assertions.assertThat;

import io.valwatch.identity.ConsensusKey;
import io.valwatch.identity.KeyType;
import io.valwatch.model.BondStatus;
import io.valwatch.model.GovernanceData;
import io.valwatch.model.VotingProposal;
import io.valwatch.plugins.cosmos.CosmosOptions;
import io.valwatch.plugins.cosmos.QueryTransport;
import io.valwatch.rpc.CometRpcClient;
import io.valwatch.rpc.RpcEndpoint;
import io.valwatch.simnet.SimnetServer;
import io.valwatch.simnet.SimulatedChain;
import io.valwatch.simnet.StakingModule;
import io.valwatch.simnet.ValidatorTruth;
import io.valwatch.spi.ChainContext;
import io.valwatch.spi.ChainData;
import io.valwatch.spi.ChainDataSource;
import io.valwatch.spi.ChainPluginRegistry;
import io.valwatch.spi.SigningInfo;
import io.valwatch.spi.ValidatorInfo;
import java.io.IOException;
import java.math.BigInteger;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The Initia plugin against the simulated chain in Initia mode, compared with the simulator's truth. */
@Timeout(60)
class InitiaPluginTest {
  private static final String CHAIN = "initiation-2";
  private static final String LP = "move/dbf06c48af3984ec6d9ae8a9aa7dbb0bb1e784aa9b8c4a5681af660cf8558d7d";

  private final OkHttpClient http = new OkHttpClient();
  private SimulatedChain chain;
  private SimnetServer server;

  /**
   * Voting power is uinit + 0.5 × LP: alpha 2,500 + 2,000 INIT, beta 1,000 INIT and offline from height 5 until
   * x/slashing jails it at block 101 (after a full window of 100, more than 50 misses), gamma 0.5 INIT, below one CometBFT power, never bonded.
   * Proposal 42 votes from block 100 to 130 and alpha votes on it.
   */
  @BeforeEach
  void start() throws IOException {
    chain = SimulatedChain.builder()
        .chainId(CHAIN)
        .stakingModule(StakingModule.INITIA)
        .lpDenom(LP, "0.5")
        .maxValidators(100)
        .signedBlocksWindow(100)
        .minSignedPerWindow("0.5")
        .slashFractionDowntime("0.01")
        .validator("alpha", 2_500_000_000L, 4_000_000_000L)
        .validator("beta", 1_000_000_000L, 0)
        .validator("gamma", 500_000L, 0)
        .offline("beta", 5, 1_000)
        .proposal(42, "Whitelist the INIT-USDC LP denom", 100, 130)
        .vote("alpha", 42, 101)
        .build();
    chain.produceBlocks(110);
    server = SimnetServer.start(chain);
  }

  @AfterEach
  void stop() {
    server.close();
    http.dispatcher().executorService().shutdown();
    http.connectionPool().evictAll();
  }

  @Test
  void isFoundThroughServiceLoader() {
    assertThat(ChainPluginRegistry.loadInstalled(getClass().getClassLoader()).find("initia"))
        .containsInstanceOf(InitiaPlugin.class);
    assertThat(new InitiaPlugin().optionNames()).contains("transport", "grpc", "rest", "staking");
  }

  @ParameterizedTest
  @ValueSource(strings = {"rpc", "grpc", "rest"})
  void everyTransportReadsWhatTheChainHolds(String transport) throws IOException {
    ValidatorTruth alpha = chain.truth().validator("alpha");
    ValidatorTruth beta = chain.truth().validator("beta");
    ValidatorTruth gamma = chain.truth().validator("gamma");
    assertThat(beta.lastJailHeight()).as("the scenario jails beta").isEqualTo(101);

    ChainData data;
    try (ChainDataSource source = new InitiaDataSource(CHAIN, transport(transport), true)) {
      data = source.fetch();
    }

    assertThat(data.validators()).extracting(ValidatorInfo::operatorAddress)
        .containsExactlyInAnyOrder(alpha.operatorAddress(), beta.operatorAddress(), gamma.operatorAddress());
    ValidatorInfo a = byOperator(data, alpha);
    assertThat(a.tokens()).as("voting_power, the weighted sum").isEqualTo(BigInteger.valueOf(4_500_000_000L));
    assertThat(a.tokensByDenom())
        .isEqualTo(Map.of(LP, BigInteger.valueOf(alpha.lpTokens()), "uinit", BigInteger.valueOf(alpha.tokens())));
    assertThat(a.votingPower()).isEqualTo(4_500);
    assertThat(a.commissionRate()).as("the simulator's commission").isEqualByComparingTo("0.05");
    for (ValidatorTruth truth : List.of(alpha, beta, gamma)) {
      ValidatorInfo info = byOperator(data, truth);
      assertThat(info.consensusKey()).isEqualTo(ConsensusKey.fromBase64(KeyType.ED25519, truth.pubKeyBase64()));
      assertThat(info.consensusAddressHex()).isEqualTo(truth.consensusAddressHex());
      assertThat(info.moniker()).isEqualTo(truth.name());
      assertThat(info.tokens()).isEqualTo(BigInteger.valueOf(truth.votingPower()));
      assertThat(info.status()).isEqualTo(truth.status());
      assertThat(info.jailed()).isEqualTo(truth.jailed());
    }
    assertThat(byOperator(data, beta).votingPower()).as("jailed: out of the set").isZero();
    assertThat(byOperator(data, beta).status()).isEqualTo(BondStatus.UNBONDING);
    assertThat(byOperator(data, gamma).votingPower()).isZero();
    assertThat(byOperator(data, gamma).status()).isEqualTo(BondStatus.UNBONDED);

    assertThat(data.stakingParams()).hasValueSatisfying(p -> {
      assertThat(p.bondDenom()).isEqualTo("uinit");
      assertThat(p.maxValidators()).isEqualTo(100);
      assertThat(p.unbondingTime()).isEqualTo(Duration.ofDays(21));
    });
    assertThat(data.livenessRule()).hasValueSatisfying(r -> {
      assertThat(r.windowBlocks()).isEqualTo(100);
      assertThat(r.maxMissedBlocks()).isEqualTo(50);
    });
    assertThat(data.slashingParams().orElseThrow().slashFractionDowntime()).isEqualByComparingTo("0.01");
    Map<String, SigningInfo> infos = new LinkedHashMap<>();
    for (ValidatorTruth truth : List.of(alpha, beta)) {
      infos.put(truth.consensusAddressHex(), SigningInfo.builder()
          .consensusAddressHex(truth.consensusAddressHex())
          .startHeight(truth.startHeight())
          .indexOffset(truth.indexOffset())
          .jailedUntil(truth.jailedUntil())
          .tombstoned(truth.tombstoned())
          .missedBlocksCounter(truth.missedBlocksCounter())
          .build());
    }
    assertThat(data.signingInfos()).as("gamma was never bonded and has no signing record").isEqualTo(infos);
  }

  @Test
  void readsGovernanceThroughTheStandardGovV1Routes() throws IOException {
    String alpha = chain.truth().validator("alpha").operatorAddress();
    String beta = chain.truth().validator("beta").operatorAddress();

    GovernanceData data;
    try (ChainDataSource source = new InitiaDataSource(CHAIN, transport("rest"), true)) {
      data = source.governance(List.of(alpha, beta));
    }

    assertThat(data)
        .isEqualTo(new GovernanceData(
            List.of(new VotingProposal(42, "Whitelist the INIT-USDC LP denom", chain.blockTime(130), Set.of(alpha))),
            Optional.empty()));
    assertThat(server.requestCount("/cosmos/gov/v1/proposals/{proposal_id}/votes/{voter}")).isEqualTo(2);
  }

  @ParameterizedTest
  @ValueSource(strings = {"rpc", "rest"})
  void detectsMstakingThroughItsParamsQuery(String transport) throws IOException {
    assertThat(new InitiaPlugin().detect(context(options(transport)))).isTrue();
  }

  @Test
  void doesNotDetectAChainWithTheStandardStakingModule() throws IOException {
    SimulatedChain standard = SimulatedChain.builder().validator("alpha", 10_000_000).build();
    standard.produceBlocks(3);
    try (SimnetServer other = SimnetServer.start(standard)) {
      CometRpcClient client = new CometRpcClient(RpcEndpoint.parse(other.url()), http);
      ChainContext context = ChainContext.builder()
          .chainId(standard.chainId())
          .endpoints(List.of(client.endpoint()))
          .rpcClients(List.of(client))
          .httpClient(http)
          .clock(Clock.systemUTC())
          .pollInterval(Duration.ofSeconds(1))
          .options(Map.of())
          .build();

      assertThat(new InitiaPlugin().detect(context)).isFalse();
    }
  }

  private static ValidatorInfo byOperator(ChainData data, ValidatorTruth truth) {
    return data.validators().stream()
        .filter(v -> v.operatorAddress().equals(truth.operatorAddress()))
        .findFirst()
        .orElseThrow();
  }

  private QueryTransport transport(String kind) throws IOException {
    return CosmosOptions.openTransport(context(options(kind)));
  }

  private Map<String, Object> options(String transport) {
    return switch (transport) {
      case "rpc" -> Map.of();
      case "grpc" -> Map.of("transport", "grpc", "grpc", List.of(server.grpcTarget()));
      case "rest" -> Map.of("transport", "rest", "rest", List.of(server.restUrl()));
      default -> throw new IllegalArgumentException(transport);
    };
  }

  private ChainContext context(Map<String, Object> options) {
    CometRpcClient client = new CometRpcClient(RpcEndpoint.parse(server.url()), http);
    return ChainContext.builder()
        .chainId(CHAIN)
        .endpoints(List.of(client.endpoint()))
        .rpcClients(List.of(client))
        .httpClient(http)
        .clock(Clock.systemUTC())
        .pollInterval(Duration.ofSeconds(1))
        .options(options)
        .build();
  }
}
