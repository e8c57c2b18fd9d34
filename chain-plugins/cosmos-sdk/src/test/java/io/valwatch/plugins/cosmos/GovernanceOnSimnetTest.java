package io.valwatch.plugins.cosmos;

import static org.assertj.core.api.Assertions.assertThat;

import io.valwatch.model.GovernanceData;
import io.valwatch.model.UpgradePlan;
import io.valwatch.model.VotingProposal;
import io.valwatch.rpc.CometRpcClient;
import io.valwatch.rpc.RpcEndpoint;
import io.valwatch.simnet.SimnetServer;
import io.valwatch.simnet.SimulatedChain;
import io.valwatch.spi.ChainContext;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Proposals, votes and upgrade plans of a simulated chain, read by the governance reader over every transport. */
@Timeout(60)
class GovernanceOnSimnetTest {
  private final OkHttpClient http = new OkHttpClient();

  /**
   * Proposal 3 votes from block 5 to 20, proposal 4 from 8 to 12; alice votes on 3 at block 6, bob on 3 at
   * block 25 (too late, no effect); plan v2 at height 40 is scheduled at block 10.
   */
  private static SimulatedChain chain() {
    return SimulatedChain.builder()
        .validator("alice", 50_000_000)
        .validator("bob", 40_000_000)
        .proposal(3, "Lower the minimum deposit", 5, 20)
        .proposal(4, "Spend from the community pool", 8, 12)
        .vote("alice", 3, 6)
        .vote("bob", 3, 25)
        .upgradePlan("v2", 40, "{\"binaries\":{}}", 10)
        .build();
  }

  @ParameterizedTest
  @ValueSource(strings = {"rpc", "grpc", "rest"})
  void proposalsVotesAndThePlanFollowTheScenario(String transport) throws IOException {
    SimulatedChain chain = chain();
    String alice = chain.truth().validator("alice").operatorAddress();
    String bob = chain.truth().validator("bob").operatorAddress();
    GovernanceReader reader = new GovernanceReader(chain.chainId());

    try (SimnetServer server = SimnetServer.start(chain);
        QueryTransport queries = CosmosOptions.openTransport(context(server, chain, transport))) {
      chain.produceBlocks(4);
      GovernanceData beforeVoting = reader.read(new Snapshot(chain.chainId(), queries), List.of(alice, bob));
      chain.produceBlocks(6);
      GovernanceData voting = reader.read(new Snapshot(chain.chainId(), queries), List.of(alice, bob));
      chain.produceBlocks(30);
      GovernanceData afterUpgrade = reader.read(new Snapshot(chain.chainId(), queries), List.of(alice, bob));

      assertThat(beforeVoting).isEqualTo(GovernanceData.none());
      assertThat(voting)
          .isEqualTo(new GovernanceData(
              List.of(
                  new VotingProposal(3, "Lower the minimum deposit", chain.blockTime(20), Set.of(alice)),
                  new VotingProposal(4, "Spend from the community pool", chain.blockTime(12), Set.of())),
              Optional.of(new UpgradePlan("v2", 40, "{\"binaries\":{}}"))));
      assertThat(afterUpgrade).isEqualTo(GovernanceData.none());
      String votes = transport.equals("rest") ? "/cosmos/gov/v1/proposals/{proposal_id}/votes/{voter}" : "cosmos.gov.v1.Query/Vote";
      if (!transport.equals("rpc")) {
        assertThat(server.requestCount(votes)).isEqualTo(4);
      }
    }
  }

  private ChainContext context(SimnetServer server, SimulatedChain chain, String transport) {
    CometRpcClient client = new CometRpcClient(RpcEndpoint.parse(server.url()), http);
    Map<String, Object> options =
        switch (transport) {
          case "rpc" -> Map.of();
          case "grpc" -> Map.of("transport", "grpc", "grpc", List.of(server.grpcTarget()));
          case "rest" -> Map.of("transport", "rest", "rest", List.of(server.restUrl()));
          default -> throw new IllegalArgumentException(transport);
        };
    return Contexts.of(chain.chainId(), List.of(client), http, options);
  }
}
