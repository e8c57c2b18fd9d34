package io.valwatch.exporter;

import static org.assertj.core.api.Assertions.assertThat;

import io.valwatch.rpc.Block;
import io.valwatch.rpc.BlockSubscription;
import io.valwatch.rpc.CometRpcClient;
import io.valwatch.rpc.RpcEndpoint;
import io.valwatch.rpc.RpcException;
import io.valwatch.simnet.SimnetServer;
import io.valwatch.simnet.SimulatedChain;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class WebSocketBuffersTest {
  private final Map<String, String> before = new HashMap<>();

  @BeforeEach
  void clear() {
    for (String property : WebSocketBuffers.PROPERTIES) {
      before.put(property, System.getProperty(property));
      System.clearProperty(property);
    }
  }

  @AfterEach
  void restore() {
    before.forEach((property, value) -> {
      if (value == null) {
        System.clearProperty(property);
      } else {
        System.setProperty(property, value);
      }
    });
  }

  @Test
  void aSubscriptionReceivesAndUnsubscribesThroughTheSmallBuffers() throws Exception {
    WebSocketBuffers.preset();
    assertThat(WebSocketBuffers.PROPERTIES).allSatisfy(p -> assertThat(System.getProperty(p)).isEqualTo("1024"));
    SimulatedChain chain = SimulatedChain.builder().chainId("ws-buffers-1").validator("alice", 10_000_000).build();
    chain.produceBlocks(3);
    try (SimnetServer server = SimnetServer.builder(chain).grpc(false).rest(false).start()) {
      BlockingQueue<Block> blocks = new LinkedBlockingQueue<>();
      BlockingQueue<String> closes = new LinkedBlockingQueue<>();
      CometRpcClient client = new CometRpcClient(RpcEndpoint.parse(server.url()), new OkHttpClient());
      BlockSubscription subscription = client.subscribeNewBlocks(new BlockSubscription.Listener() {
        @Override
        public void onBlock(Block block) {
          blocks.add(block);
        }

        @Override
        public void onClosed(RpcException cause) {
          closes.add(String.valueOf(cause));
        }
      });
      // The simulator counts the request before it registers the subscriber: blocks come until one is pushed.
      Block pushed = null;
      for (int i = 0; i < 50 && pushed == null; i++) {
        chain.produceBlocks(1);
        pushed = blocks.poll(200, TimeUnit.MILLISECONDS);
      }
      assertThat(pushed).as("a block pushed over the websocket").isNotNull();
      assertThat(pushed.height()).isGreaterThan(3);

      subscription.close();

      assertThat(closes.poll(5, TimeUnit.SECONDS)).isEqualTo("null");
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (server.requestCount("unsubscribe") == 0 && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      assertThat(server.requestCount("unsubscribe")).as("the unsubscribe request, written through them").isEqualTo(1);
    }
  }

  @Test
  void aValueOnTheCommandLineWins() {
    System.setProperty(WebSocketBuffers.PROPERTIES.get(0), "65536");

    WebSocketBuffers.preset();

    assertThat(System.getProperty(WebSocketBuffers.PROPERTIES.get(0))).isEqualTo("65536");
    assertThat(System.getProperty(WebSocketBuffers.PROPERTIES.get(1))).isEqualTo("1024");
  }
}
