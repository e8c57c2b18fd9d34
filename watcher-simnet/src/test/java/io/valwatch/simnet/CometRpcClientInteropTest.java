package io.valwatch.simnet;

import static org.assertj.core.api.Assertions.assertThat;

import io.valwatch.proto.cosmos.slashing.v1beta1.QueryParamsResponse;
import io.valwatch.rpc.AbciQueryResult;
import io.valwatch.rpc.Block;
import io.valwatch.rpc.BlockIdFlag;
import io.valwatch.rpc.BlockSubscription;
import io.valwatch.rpc.CometRpcClient;
import io.valwatch.rpc.CommitSig;
import io.valwatch.rpc.RpcEndpoint;
import io.valwatch.rpc.RpcException;
import io.valwatch.rpc.ValidatorSet;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** valwatch's own RPC client reads everything the simulator serves. */
@Timeout(30)
class CometRpcClientInteropTest {
  private final OkHttpClient http = new OkHttpClient();
  private SimulatedChain chain;
  private SimnetServer server;
  private CometRpcClient client;

  @BeforeEach
  void start() throws Exception {
    chain = SimulatedChain.builder()
        .validator("alice", 40_000_000)
        .validator("bob", 30_000_000)
        .validator("carol", 20_000_000)
        .offline("carol", 2, 3)
        .nilVotes("bob", 3, 3)
        .doubleSign("alice", 6)
        .build();
    chain.produceBlocks(8);
    server = SimnetServer.start(chain);
    client = new CometRpcClient(RpcEndpoint.parse(server.url()), http);
  }

  @AfterEach
  void stop() {
    server.close();
    http.dispatcher().executorService().shutdown();
    http.connectionPool().evictAll();
  }

  @Test
  void readsStatusBlocksCommitsAndValidators() throws RpcException {
    assertThat(client.status().toString()).contains("simnet-1");
    Block block = client.block(4);
    assertThat(block.height()).isEqualTo(4);
    assertThat(block.lastCommit().signatures()).extracting(CommitSig::flag)
        .containsExactly(BlockIdFlag.COMMIT, BlockIdFlag.NIL, BlockIdFlag.ABSENT);
    assertThat(block.header().proposerAddress()).matches("[0-9A-F]{40}");
    assertThat(client.block(6).doubleSignEvidence()).singleElement().satisfies(e -> {
      assertThat(e.height()).isEqualTo(5);
      assertThat(e.validatorAddress()).isEqualTo(chain.truth().validator("alice").consensusAddressHex());
    });
    assertThat(client.commit(8).signatures()).hasSize(2); // alice left the set at 8
    ValidatorSet set = client.validators(3);
    assertThat(set.validators()).extracting(v -> v.address()).containsExactly(
        chain.truth().validator("alice").consensusAddressHex(),
        chain.truth().validator("bob").consensusAddressHex(),
        chain.truth().validator("carol").consensusAddressHex());
    assertThat(set.validators().get(0).pubKey().base64())
        .isEqualTo(chain.truth().validator("alice").pubKeyBase64());
  }

  @Test
  void readsAbciQueries() throws Exception {
    AbciQueryResult result = client.abciQuery("/cosmos.slashing.v1beta1.Query/Params", new byte[0], 0);
    assertThat(result.isOk()).isTrue();
    assertThat(QueryParamsResponse.parseFrom(result.value()).getParams().getMinSignedPerWindow()
        .toString(StandardCharsets.US_ASCII)).isEqualTo("500000000000000000");
    assertThat(client.abciQuery("/no.Such/Path", new byte[0], 0).code()).isEqualTo(6);
  }

  @Test
  void receivesNewBlocksOverTheWebsocket() throws Exception {
    BlockingQueue<Block> blocks = new LinkedBlockingQueue<>();
    try (BlockSubscription subscription = client.subscribeNewBlocks(new BlockSubscription.Listener() {
      @Override
      public void onBlock(Block block) {
        blocks.add(block);
      }

      @Override
      public void onClosed(RpcException cause) {}
    })) {
      // Produce only once the server has the subscription, so no block is pushed before it exists.
      assertThat(server.awaitNewBlockSubscriber(10_000)).isTrue();
      chain.produceBlocks(2);
      assertThat(blocks.poll(10, TimeUnit.SECONDS).height()).isEqualTo(9);
      assertThat(blocks.poll(10, TimeUnit.SECONDS).height()).isEqualTo(10);
    }
  }
}
