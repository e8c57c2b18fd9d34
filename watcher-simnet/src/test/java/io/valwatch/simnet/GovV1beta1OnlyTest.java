package io.valwatch.simnet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.valwatch.identity.Bech32;
import io.valwatch.proto.cosmos.gov.v1beta1.Proposal;
import io.valwatch.proto.cosmos.gov.v1beta1.ProposalStatus;
import io.valwatch.proto.cosmos.gov.v1beta1.QueryGrpc;
import io.valwatch.proto.cosmos.gov.v1beta1.QueryProposalsRequest;
import io.valwatch.proto.cosmos.gov.v1beta1.TextProposal;
import io.valwatch.proto.cosmos.upgrade.v1beta1.SoftwareUpgradeProposal;
import io.valwatch.rpc.CometRpcClient;
import io.valwatch.rpc.RpcEndpoint;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A chain serving gov v1beta1 only, as before Cosmos SDK 0.46, over every transport. */
@Timeout(30)
class GovV1beta1OnlyTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final OkHttpClient client = new OkHttpClient();
  private SimulatedChain chain;
  private SimnetServer server;
  private ManagedChannel channel;

  /** Proposal 1 is text, 2 schedules v3 when its voting ends in block 51, 3 passed in block 5; alice voted on 1. */
  @BeforeEach
  void start() throws IOException {
    chain = SimulatedChain.builder().govV1beta1Only().validator("alice", 50_000_000)
        .upgradePlan("v3", 200, "{\"binaries\":{}}", 51)
        .proposal(1, "Text", 2, 50)
        .proposal(2, "Upgrade to v3", 2, 51)
        .proposal(3, "Passed", 2, 5)
        .vote("alice", 1, 3)
        .build();
    chain.produceBlocks(10);
    server = SimnetServer.start(chain);
    channel = ManagedChannelBuilder.forTarget(server.grpcTarget()).usePlaintext().build();
  }

  @AfterEach
  void stop() throws InterruptedException {
    channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    server.close();
    client.dispatcher().executorService().shutdown();
    client.connectionPool().evictAll();
  }

  private record Reply(int code, JsonNode body) {}

  private Reply get(String path) throws IOException {
    try (Response response = client.newCall(new Request.Builder().url(server.restUrl() + path).build()).execute()) {
      return new Reply(response.code(), MAPPER.readTree(response.body().string()));
    }
  }

  @Test
  void restProposalsHoldTheirContentAsAnAny() throws IOException {
    Reply reply = get("/cosmos/gov/v1beta1/proposals?proposal_status=PROPOSAL_STATUS_VOTING_PERIOD");

    assertThat(reply.code()).isEqualTo(200);
    JsonNode proposals = reply.body().get("proposals");
    assertThat(proposals).hasSize(2);
    JsonNode text = proposals.get(0);
    assertThat(text.get("proposal_id").asText()).isEqualTo("1");
    assertThat(text.get("status").asText()).isEqualTo("PROPOSAL_STATUS_VOTING_PERIOD");
    assertThat(text.get("content").toString()).isEqualTo(
        "{\"@type\":\"/cosmos.gov.v1beta1.TextProposal\",\"title\":\"Text\","
            + "\"description\":\"Proposal 1 of the simulated chain.\"}");
    assertThat(text.get("voting_end_time").asText()).isEqualTo("2024-01-01T00:00:50Z");
    assertThat(text.has("title")).isFalse();
    JsonNode upgrade = proposals.get(1).get("content");
    assertThat(upgrade.get("@type").asText()).isEqualTo("/cosmos.upgrade.v1beta1.SoftwareUpgradeProposal");
    assertThat(upgrade.get("title").asText()).isEqualTo("Upgrade to v3");
    assertThat(upgrade.get("plan").toString()).isEqualTo("{\"name\":\"v3\",\"time\":\"0001-01-01T00:00:00Z\","
        + "\"height\":\"200\",\"info\":\"{\\\"binaries\\\":{}}\",\"upgraded_client_state\":null}");
    assertThat(get("/cosmos/gov/v1beta1/proposals?proposal_status=3").body().at("/proposals/0/proposal_id").asText())
        .isEqualTo("3");
  }

  @Test
  void restVoteAnswersWithTheVoteOrInvalidArgument() throws IOException {
    String account = Bech32.encode("cosmos", Bech32.decode(chain.truth().validator("alice").operatorAddress()).data());

    Reply voted = get("/cosmos/gov/v1beta1/proposals/1/votes/" + account);
    Reply notVoted = get("/cosmos/gov/v1beta1/proposals/2/votes/" + account);

    assertThat(voted.code()).isEqualTo(200);
    assertThat(voted.body().at("/vote/voter").asText()).isEqualTo(account);
    assertThat(voted.body().at("/vote/options/0/option").asText()).isEqualTo("VOTE_OPTION_YES");
    assertThat(notVoted.code()).isEqualTo(400);
    assertThat(notVoted.body().get("code").asInt()).isEqualTo(3);
    assertThat(notVoted.body().get("message").asText()).isEqualTo("voter: " + account + " not found for proposal: 2");
  }

  @Test
  void grpcContentUnpacksToTheSdkTypes() throws IOException {
    List<Proposal> proposals = QueryGrpc.newBlockingStub(channel)
        .proposals(QueryProposalsRequest.newBuilder()
            .setProposalStatus(ProposalStatus.PROPOSAL_STATUS_VOTING_PERIOD)
            .build())
        .getProposalsList();

    assertThat(proposals).extracting(Proposal::getProposalId).containsExactly(1L, 2L);
    assertThat(proposals.get(0).getContent().unpack(TextProposal.class).getTitle()).isEqualTo("Text");
    SoftwareUpgradeProposal upgrade = proposals.get(1).getContent().unpack(SoftwareUpgradeProposal.class);
    assertThat(upgrade.getPlan().getName()).isEqualTo("v3");
    assertThat(upgrade.getPlan().getHeight()).isEqualTo(200);
  }

  @Test
  void govV1IsUnknownOnEveryTransport() throws IOException {
    var v1 = io.valwatch.proto.cosmos.gov.v1.QueryGrpc.newBlockingStub(channel);
    var request = io.valwatch.proto.cosmos.gov.v1.QueryProposalsRequest.getDefaultInstance();

    assertThatThrownBy(() -> v1.proposals(request))
        .isInstanceOfSatisfying(StatusRuntimeException.class,
            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNIMPLEMENTED));
    Reply rest = get("/cosmos/gov/v1/proposals?proposal_status=PROPOSAL_STATUS_VOTING_PERIOD");
    assertThat(rest.code()).isEqualTo(404);
    assertThat(rest.body().get("code").asInt()).isEqualTo(5);
    var abci = new CometRpcClient(RpcEndpoint.parse(server.url()), client)
        .abciQuery("/cosmos.gov.v1.Query/Proposals", request.toByteArray(), 0);
    assertThat(abci.code()).isEqualTo(6);
  }
}
