package io.valwatch.simnet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;
import okhttp3.WebSocket;

/**
 * Websocket subscriptions and the push of 0.38 {@code tendermint/event/NewBlock} events: every new block
 * goes to each subscription whose query is {@code tm.event='NewBlock'}, with that subscription's request id.
 */
final class NewBlockFeed implements LongConsumer {
  static final String NEW_BLOCK_QUERY = "tm.event='NewBlock'";

  private record Subscription(JsonNode id, String query) {}

  private final ObjectMapper mapper;
  private final SimulatedChain chain;
  private final Map<WebSocket, List<Subscription>> subscriptions = new ConcurrentHashMap<>();

  NewBlockFeed(SimulatedChain chain, ObjectMapper mapper) {
    this.chain = chain;
    this.mapper = mapper;
  }

  void subscribe(WebSocket socket, JsonNode id, String query) {
    subscriptions.computeIfAbsent(socket, s -> new CopyOnWriteArrayList<>()).add(new Subscription(id, query));
    synchronized (this) {
      notifyAll();
    }
  }

  /** Waits until some client subscribed to NewBlock, so a test knows the next block will be pushed. */
  synchronized boolean awaitNewBlockSubscriber(long timeoutMillis) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
    while (subscriptions.values().stream().flatMap(List::stream).noneMatch(s -> isNewBlockQuery(s.query()))) {
      long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
      if (left <= 0) {
        return false;
      }
      wait(left);
    }
    return true;
  }

  void unsubscribe(WebSocket socket, String query) {
    List<Subscription> list = subscriptions.get(socket);
    if (list != null) {
      list.removeIf(s -> s.query().equals(query));
    }
  }

  void unsubscribeAll(WebSocket socket) {
    subscriptions.remove(socket);
  }

  static boolean isNewBlockQuery(String query) {
    return query.replace(" ", "").equals(NEW_BLOCK_QUERY);
  }

  @Override
  public void accept(long height) {
    if (subscriptions.isEmpty()) {
      return;
    }
    JsonNode value = chain.read(state -> {
      BlockRecord block = state.block(height);
      return block == null ? null : new CometResultRenderer(state).newBlockValue(block);
    });
    if (value == null) {
      return;
    }
    subscriptions.forEach((socket, list) -> {
      for (Subscription s : list) {
        if (isNewBlockQuery(s.query())) {
          socket.send(event(s, value));
        }
      }
    });
  }

  private String event(Subscription s, JsonNode value) {
    ObjectNode data = CometResultRenderer.object();
    data.put("type", "tendermint/event/NewBlock");
    data.set("value", value);
    ObjectNode events = CometResultRenderer.object();
    events.putArray("tm.event").add("NewBlock");
    ObjectNode result = CometResultRenderer.object();
    result.put("query", s.query());
    result.set("data", data);
    result.set("events", events);
    ObjectNode message = CometResultRenderer.object();
    message.put("jsonrpc", "2.0");
    message.set("id", s.id());
    message.set("result", result);
    try {
      return mapper.writeValueAsString(message);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("cannot serialize NewBlock event", e);
    }
  }
}
