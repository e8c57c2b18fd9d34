package io.valwatch.it;

import static io.valwatch.it.Watching.assertCounts;
import static io.valwatch.it.Watching.assertStaking;
import static io.valwatch.it.Watching.awaitProcessed;
import static io.valwatch.it.Watching.expectedRank;
import static io.valwatch.it.Watching.specFor;
import static io.valwatch.it.Watching.validator;
import static org.assertj.core.api.Assertions.assertThat;

import io.valwatch.Watcher;
import io.valwatch.model.ChainSpec;
import io.valwatch.model.ChainStatus;
import io.valwatch.simnet.ChainTruth;
import io.valwatch.simnet.SimnetServer;
import io.valwatch.simnet.SimulatedChain;
import io.valwatch.simnet.ValidatorTruth;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The cosmos-sdk plugin reading x/staking and x/slashing over native gRPC and over the LCD REST API: what the
 * watcher reports equals the truth, and the staking queries went over the chosen transport only.
 */
class CosmosTransportsTest {
  private static final List<String> NAMES = List.of("alice", "bob", "carol", "dave");
  /** window 100, min_signed_per_window 0.5: 50 misses are tolerated. */
  private static final long MAX_MISSED = 50;
  private static final List<String> GRPC_CALLS =
      List.of(
          "cosmos.staking.v1beta1.Query/Validators",
          "cosmos.staking.v1beta1.Query/Params",
          "cosmos.slashing.v1beta1.Query/Params",
          "cosmos.slashing.v1beta1.Query/SigningInfos");
  private static final List<String> REST_ROUTES =
      List.of(
          "/cosmos/staking/v1beta1/validators",
          "/cosmos/staking/v1beta1/params",
          "/cosmos/slashing/v1beta1/params",
          "/cosmos/slashing/v1beta1/signing_infos");

  @ParameterizedTest(name = "transport {0}")
  @ValueSource(strings = {"grpc", "rest"})
  void stakingOverTheChosenTransportEqualsTheTruth(String transport) throws Exception {
    SimulatedChain chain =
        SimulatedChain.builder()
            .chainId("transport-" + transport + "-1")
            .validator("alice", 40_000_000)
            .validator("bob", 30_000_000)
            .validator("carol", 20_000_000)
            .validator("dave", 10_000_000)
            .offline("bob", 20, 60)
            .nilVotes("carol", 10, 15)
            .offline("dave", 30, 129)
            .build();
    ChainHistory history = new ChainHistory(chain);
    history.produce(130);
    ChainTruth truth = chain.truth();
    assertThat(truth.validator("dave").jailed()).as("the scenario jails dave").isTrue();
    assertThat(truth.validator("bob").missedBlocksCounter()).as("bob's misses still count").isPositive();

    try (SimnetServer server = SimnetServer.start(chain)) {
      ChainSpec.Builder spec =
          specFor(server)
              .plugin("cosmos-sdk")
              .pluginOption("transport", transport)
              .pluginOption(transport, transport.equals("grpc") ? server.grpcTarget() : server.restUrl());
      NAMES.forEach(n -> spec.track(truth.validator(n).operatorAddress(), n));
      try (Watcher watcher = Watcher.builder().chain(spec.build()).build()) {
        watcher.start();
        ChainStatus status = awaitProcessed(watcher, chain.chainId(), 129);

        assertThat(status.pluginId()).isEqualTo("cosmos-sdk");
        assertThat(status.blocksProcessed()).isEqualTo(129);
        assertThat(status.livenessRule().orElseThrow().maxMissedBlocks()).isEqualTo(MAX_MISSED);
        for (String name : NAMES) {
          ValidatorTruth t = truth.validator(name);
          var v = validator(status, t.operatorAddress());
          assertThat(v.consensusAddressHex()).as("consensus address of %s", name).contains(t.consensusAddressHex());
          assertCounts(name, v.signing(), history.expected(name, 1, 129));
          assertStaking(v.staking().orElseThrow(), t, expectedRank(truth, name, ValidatorTruth::tokens), MAX_MISSED);
          assertThat(v.staking().orElseThrow().tokens().orElseThrow().longValueExact()).as("tokens of %s", name).isEqualTo(t.tokens());
          assertThat(v.staking().orElseThrow().tokensByDenom()).as("stake per denom of %s", name)
              .isEqualTo(Map.of(chain.bondDenom(), BigInteger.valueOf(t.tokens())));
        }
      }

      List<String> chosen = transport.equals("grpc") ? GRPC_CALLS : REST_ROUTES;
      List<String> other = transport.equals("grpc") ? REST_ROUTES : GRPC_CALLS;
      assertThat(chosen).as("staking and slashing queries over %s", transport)
          .allSatisfy(call -> assertThat(server.requestCount(call)).as(call).isPositive());
      assertThat(other).allSatisfy(call -> assertThat(server.requestCount(call)).as(call).isZero());
      assertThat(server.requestCount("abci_query")).as("abci_query requests").isZero();
      assertThat(server.requestCount("block")).as("blocks still come from the CometBFT RPC").isEqualTo(130);
    }
  }
}
