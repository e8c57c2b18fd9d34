package io.valwatch.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.valwatch.internal.risk.ManualClock;
import io.valwatch.model.EndpointStatus;
import io.valwatch.rpc.CometRpcClient;
import io.valwatch.rpc.HeightAboveLatestException;
import io.valwatch.rpc.HeightBelowLowestException;
import io.valwatch.rpc.RequestOutcome;
import io.valwatch.rpc.RpcException;
import io.valwatch.rpc.RpcHttpException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Fail-over, back-off and the endpoints' health against real HTTP answers, with a clock the test moves: every
 * back-off is checked one millisecond before it ends (no request) and when it ends (a request).
 */
class EndpointPoolTest {
  private static final String CHAIN = ScriptedNode.CHAIN;

  @StartStop final MockWebServer serverA = new MockWebServer();
  @StartStop final MockWebServer serverB = new MockWebServer();
  @StartStop final MockWebServer serverC = new MockWebServer();

  private final ScriptedNode a = new ScriptedNode(serverA, "a");
  private final ScriptedNode b = new ScriptedNode(serverB, "b");
  private final ScriptedNode c = new ScriptedNode(serverC, "c");
  private final ManualClock clock = new ManualClock(Instant.parse("2026-01-01T00:00:00Z"));
  private final OkHttpClient http = new OkHttpClient();
  private final List<String> errors = new CopyOnWriteArrayList<>();
  private final List<CometRpcClient> clients = new ArrayList<>();

  @AfterEach
  void closeClient() {
    http.dispatcher().executorService().shutdown();
  }

  @Test
  void aFailingEndpointIsFailedOverAndLeftAloneUntilItsBackOffEnds() throws Exception {
    EndpointPool pool = pool(a, b);
    a.override = http(500);

    assertThat(pool.call(EndpointPoolTest::moniker)).isEqualTo("b");
    assertThat(a.asked()).isEqualTo(1);
    assertThat(errors).singleElement().asString().startsWith("a: ").contains("500", "next request after 250 ms");
    assertThat(pool.preferred()).as("the healthy endpoint goes first").isSameAs(clients.get(1));

    b.override = http(502);
    clock.advance(Duration.ofMillis(249));
    assertThatThrownBy(() -> pool.call(EndpointPoolTest::moniker)).isInstanceOf(RpcHttpException.class);
    assertThat(a.asked()).as("a is still backing off").isEqualTo(1);

    a.serves(CHAIN, 100, false);
    clock.advance(Duration.ofMillis(1));
    assertThat(pool.call(EndpointPoolTest::moniker)).as("b backs off now, a's back-off is over").isEqualTo("a");
    assertThat(a.asked()).isEqualTo(2);
    assertThat(b.asked()).isEqualTo(2);
  }

  @Test
  void theBackOffDoublesFromAQuarterSecondUpToTenSeconds() throws Exception {
    EndpointPool pool = pool(a);
    a.override = http(500);
    assertThatThrownBy(() -> pool.call(EndpointPoolTest::moniker)).isInstanceOf(RpcHttpException.class);

    long[] waits = {250, 500, 1_000, 2_000, 4_000, 8_000, 10_000, 10_000};
    for (long wait : waits) {
      assertThat(errors.get(errors.size() - 1)).contains("next request after " + wait + " ms");
      expectBackOff(pool, a, Duration.ofMillis(wait));
    }
  }

  @Test
  void aBusyEndpointBacksOffFromOneSecondUpToOneMinute() throws Exception {
    EndpointPool pool = pool(a);
    a.override = http(429);
    assertThatThrownBy(() -> pool.call(EndpointPoolTest::moniker)).isInstanceOf(RpcHttpException.class);

    long[] seconds = {1, 2, 4, 8};
    for (long s : seconds) {
      expectBackOff(pool, a, Duration.ofSeconds(s));
    }
    a.override = http(503);
    for (long s : new long[] {16, 32, 60, 60}) {
      expectBackOff(pool, a, Duration.ofSeconds(s));
    }
  }

  @Test
  void retryAfterIsHonouredAndCappedAtOneHour() throws Exception {
    EndpointPool pool = pool(a);
    a.override = busy("30");
    assertThatThrownBy(() -> pool.call(EndpointPoolTest::moniker)).isInstanceOf(RpcHttpException.class);
    a.override = busy("7200");
    expectBackOff(pool, a, Duration.ofSeconds(30));
    expectBackOff(pool, a, Duration.ofHours(1));
  }

  @Test
  void anHttpDateRetryAfterCountsFromTheAnswersOwnDate() throws Exception {
    EndpointPool pool = pool(a);
    a.override =
        new MockResponse.Builder()
            .code(503)
            .addHeader("Date", "Wed, 21 Oct 2015 07:28:00 GMT")
            .addHeader("Retry-After", "Wed, 21 Oct 2015 07:29:30 GMT")
            .build();
    assertThatThrownBy(() -> pool.call(EndpointPoolTest::moniker)).isInstanceOf(RpcHttpException.class);

    expectBackOff(pool, a, Duration.ofSeconds(90));
  }

  @Test
  void aSuccessStartsTheBackOffAgainFromItsMinimum() throws Exception {
    EndpointPool pool = pool(a);
    a.override = http(500);
    assertThatThrownBy(() -> pool.call(EndpointPoolTest::moniker)).isInstanceOf(RpcHttpException.class);
    expectBackOff(pool, a, Duration.ofMillis(250));
    expectBackOff(pool, a, Duration.ofMillis(500));

    a.serves(CHAIN, 100, false);
    clock.advance(Duration.ofSeconds(1));
    assertThat(pool.call(EndpointPoolTest::moniker)).isEqualTo("a");

    a.override = http(500);
    assertThatThrownBy(() -> pool.call(EndpointPoolTest::moniker)).isInstanceOf(RpcHttpException.class);
    expectBackOff(pool, a, Duration.ofMillis(250));
  }

  @Test
  void aJsonRpcErrorIsTheNodesAnswerAndAlwaysWaitsAQuarterSecond() throws Exception {
    EndpointPool pool = pool(a);
    a.override = rpcError("some handler failed");
    assertThatThrownBy(() -> pool.call(EndpointPoolTest::moniker)).isInstanceOf(RpcException.class);

    for (int i = 0; i < 4; i++) {
      expectBackOff(pool, a, Duration.ofMillis(250));
    }
  }

  @Test
  void aPrunedHeightIsNoFailureAndTheLowestAvailableHeightIsReported() throws Exception {
    EndpointPool pool = pool(a, b, c);
    a.override = rpcError("height 5 is not available, lowest height is 17");
    b.override = rpcError("height 5 is not available, lowest height is 12");
    c.override = http(500);

    assertThatThrownBy(() -> pool.call(cl -> cl.block(5)))
        .isInstanceOfSatisfying(
            HeightBelowLowestException.class, e -> assertThat(e.lowestAvailableHeight()).isEqualTo(12));
    assertThat(errors).as("only c failed").singleElement().asString().startsWith("c: ");

    assertThatThrownBy(() -> pool.call(cl -> cl.block(5))).isInstanceOf(HeightBelowLowestException.class);
    assertThat(a.asked()).as("no back-off for a correct answer").isEqualTo(2);
    assertThat(b.asked()).isEqualTo(2);
    assertThat(c.asked()).isEqualTo(1);
  }

  @Test
  void aHeightNotYetReachedIsNoFailure() throws Exception {
    EndpointPool pool = pool(a);
    a.override = rpcError("height 2000 must be less than or equal to the current blockchain height 1002");

    assertThatThrownBy(() -> pool.call(cl -> cl.block(2000))).isInstanceOf(HeightAboveLatestException.class);
    assertThatThrownBy(() -> pool.call(cl -> cl.block(2000))).isInstanceOf(HeightAboveLatestException.class);

    assertThat(a.asked()).isEqualTo(2);
    assertThat(errors).isEmpty();
  }

  @Test
  void anEndpointOnAnotherChainIsMarkedDownAndNeverAskedUntilItIsBack() throws Exception {
    EndpointPool pool = pool(a, b);
    a.serves("other-1", 500, false);
    b.serves(CHAIN, 100, false);

    pool.checkAll();

    assertThat(pool.onAnotherChain()).containsExactly("a");
    EndpointStatus wrong = pool.status().get(0);
    assertThat(wrong.up()).isFalse();
    assertThat(wrong.lastError().orElseThrow()).contains("on chain 'other-1', expected '" + CHAIN + "'");
    assertThat(pool.highestHeight()).as("a's height is of another chain").isEqualTo(100);
    assertThat(pool.clientsNotOnAnotherChain()).containsExactly(clients.get(1));
    assertThat(pool.othersThanPreferred()).isEmpty();

    int asked = a.asked();
    assertThat(pool.call(EndpointPoolTest::moniker)).isEqualTo("b");
    b.override = http(500);
    assertThatThrownBy(() -> pool.call(EndpointPoolTest::moniker)).isInstanceOf(RpcHttpException.class);
    assertThat(a.asked()).isEqualTo(asked);

    a.serves(CHAIN, 120, false);
    clock.advance(Duration.ofSeconds(1));
    pool.checkAll();
    assertThat(pool.onAnotherChain()).isEmpty();
    assertThat(pool.status().get(0).up()).isTrue();
    assertThat(pool.status().get(0).lastError()).isEmpty();
    assertThat(pool.highestHeight()).isEqualTo(120);
  }

  @Test
  void withEveryEndpointOnAnotherChainARequestSaysSo() {
    EndpointPool pool = pool(a);
    a.serves("other-1", 500, false);
    pool.checkAll();
    int asked = a.asked();

    assertThatThrownBy(() -> pool.call(EndpointPoolTest::moniker)).hasMessageContaining("no endpoint is on this chain");
    assertThat(a.asked()).isEqualTo(asked);
  }

  @Test
  void withEveryEndpointBackingOffNoRequestIsSent() {
    EndpointPool pool = pool(a, b);
    a.override = http(500);
    b.override = busy("5");
    assertThatThrownBy(() -> pool.call(EndpointPoolTest::moniker)).isInstanceOf(RpcHttpException.class);

    assertThatThrownBy(() -> pool.call(EndpointPoolTest::moniker)).hasMessageContaining("every endpoint is backing off");
    pool.checkAll();
    assertThat(a.asked()).isEqualTo(1);
    assertThat(b.asked()).isEqualTo(1);

    clock.advance(Duration.ofMillis(250));
    pool.checkAll();
    assertThat(a.asked()).as("a's back-off is over").isEqualTo(2);
    assertThat(b.asked()).as("b asked for 5 s").isEqualTo(1);
  }

  @Test
  void aCatchingUpEndpointIsAskedAfterTheSyncedOnes() throws Exception {
    EndpointPool pool = pool(a, b);
    a.serves(CHAIN, 90, true);
    b.serves(CHAIN, 100, false);
    pool.checkAll();

    assertThat(pool.call(EndpointPoolTest::moniker)).isEqualTo("b");
    assertThat(pool.status().get(0).catchingUp()).isTrue();
    assertThat(pool.status().get(0).up()).isTrue();
  }

  @Test
  void requestsSentAheadTakeTurnsAmongSyncedEndpointsThatHaveTheHeight() throws Exception {
    EndpointPool pool = pool(a, b, c);
    a.serves(CHAIN, 100, false);
    b.serves(CHAIN, 90, false);
    c.serves(CHAIN, 200, true);
    pool.checkAll();
    CometRpcClient ca = clients.get(0);
    CometRpcClient cb = clients.get(1);

    assertThat(List.of(pool.spreadFor(80), pool.spreadFor(80), pool.spreadFor(80), pool.spreadFor(80)))
        .as("a and b alternate; c is catching up").containsOnly(ca, cb).contains(ca, cb);
    assertThat(pool.spreadFor(95)).isSameAs(ca);
    assertThat(pool.spreadFor(95)).isSameAs(ca);
    assertThat(pool.spreadFor(150)).as("only c has it, and c is catching up").isNull();

    pool.outcome(ca, new RpcException("connection reset"));
    assertThat(pool.spreadFor(95)).as("a backs off").isNull();
    assertThat(pool.spreadFor(80)).isSameAs(cb);
    clock.advance(Duration.ofMillis(250));
    assertThat(pool.spreadFor(95)).as("not before it answers again").isNull();
    pool.checkAll();
    assertThat(pool.spreadFor(95)).isSameAs(ca);
  }

  @Test
  void anOutcomeOfPruningOrAHeightNotYetReachedLeavesTheEndpointHealthy() throws Exception {
    EndpointPool pool = pool(a);
    a.serves(CHAIN, 100, false);
    pool.checkAll();
    CometRpcClient ca = clients.get(0);
    a.override = rpcError("height 5 is not available, lowest height is 17");
    HeightBelowLowestException pruned = catchThrowableOfType(HeightBelowLowestException.class, () -> ca.block(5));

    pool.outcome(ca, pruned);

    assertThat(pool.spreadFor(100)).isSameAs(ca);
    assertThat(errors).isEmpty();
  }

  @Test
  void aRefutedHeightIsForgottenWithTheEndpointsThatClaimedIt() {
    EndpointPool pool = pool(a, b, c);
    a.serves(CHAIN, 100, false);
    b.serves(CHAIN, 105, false);
    c.serves(CHAIN, 99, false);
    pool.checkAll();
    pool.sawHeight(clients.get(2), 110);
    pool.sawHeight(clients.get(2), 104);

    assertThat(pool.highestHeight()).isEqualTo(110);
    assertThat(pool.refute(101, "no endpoint serves it")).containsExactly("b", "c");

    assertThat(pool.highestHeight()).isEqualTo(100);
    assertThat(pool.status().get(1).height()).isEmpty();
    assertThat(pool.status().get(1).lastError()).contains("reported height 105, no endpoint serves it");
    assertThat(pool.status().get(2).lastError()).contains("reported height 110, no endpoint serves it");
    assertThat(pool.spreadFor(101)).isNull();
  }

  @Test
  void aSecondOpinionComesFromEveryEndpointButThePreferredOneHealthyFirst() throws Exception {
    EndpointPool pool = pool(a, b, c);
    a.serves(CHAIN, 100, false);
    b.override = http(500);
    c.serves(CHAIN, 100, false);
    pool.checkAll();

    assertThat(pool.preferred()).isSameAs(clients.get(0));
    assertThat(pool.othersThanPreferred()).containsExactly(clients.get(2), clients.get(1));

    a.override = http(500);
    clock.advance(Duration.ofSeconds(1));
    pool.checkAll();
    assertThat(pool.preferred()).isSameAs(clients.get(2));
    assertThat(pool.othersThanPreferred()).containsExactly(clients.get(0), clients.get(1));
  }

  @Test
  void theStatusCountsEveryRequestByOutcome() throws Exception {
    EndpointPool pool = pool(a);
    a.serves(CHAIN, 100, false);
    pool.checkAll();
    a.override = http(500);
    clock.advance(Duration.ofSeconds(1));
    pool.checkAll();

    EndpointStatus s = pool.status().get(0);
    assertThat(s.endpoint()).isEqualTo("a");
    assertThat(s.up()).isFalse();
    assertThat(s.height()).as("the last height it reported is kept").hasValue(100);
    assertThat(s.requests().get(RequestOutcome.SUCCESS)).isEqualTo(1);
    assertThat(s.requests().get(RequestOutcome.HTTP_ERROR)).isEqualTo(1);
    assertThat(s.lastError().orElseThrow()).contains("500", "next request after 250 ms");
  }

  /** No request before {@code wait} has passed since the last failure, one when it has; the answer fails again. */
  private void expectBackOff(EndpointPool pool, ScriptedNode node, Duration wait) {
    int asked = node.asked();
    clock.advance(wait.minusMillis(1));
    assertThatThrownBy(() -> pool.call(EndpointPoolTest::moniker))
        .as("%s before %s", node.name, wait)
        .hasMessageContaining("every endpoint is backing off");
    assertThat(node.asked()).as("%s before %s", node.name, wait).isEqualTo(asked);
    clock.advance(Duration.ofMillis(1));
    assertThatThrownBy(() -> pool.call(EndpointPoolTest::moniker)).as("%s after %s", node.name, wait)
        .isInstanceOf(RpcException.class)
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("every endpoint is backing off"));
    assertThat(node.asked()).as("%s after %s", node.name, wait).isEqualTo(asked + 1);
  }

  private static String moniker(CometRpcClient client) throws RpcException {
    return client.status().moniker();
  }

  private EndpointPool pool(ScriptedNode... nodes) {
    for (ScriptedNode n : nodes) {
      clients.add(n.client(http));
    }
    return new EndpointPool(CHAIN, clients, (endpoint, message) -> errors.add(endpoint + ": " + message), clock);
  }

  private static MockResponse rpcError(String data) {
    return json("{\"jsonrpc\":\"2.0\",\"id\":-1,\"error\":{\"code\":-32603,\"message\":\"Internal error\",\"data\":\"" + data + "\"}}");
  }

  private static MockResponse json(String body) {
    return new MockResponse.Builder().addHeader("Content-Type", "application/json").body(body).build();
  }

  private static MockResponse http(int code) {
    return new MockResponse.Builder().code(code).body("<html>" + code + "</html>").build();
  }

  private static MockResponse busy(String retryAfter) {
    return new MockResponse.Builder().code(429).addHeader("Retry-After", retryAfter).build();
  }
}
