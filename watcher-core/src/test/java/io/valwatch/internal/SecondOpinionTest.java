package io.valwatch.internal;

import static io.valwatch.internal.ScriptedNode.address;
import static org.assertj.core.api.Assertions.assertThat;

import io.valwatch.internal.risk.ManualClock;
import io.valwatch.rpc.CometRpcClient;
import io.valwatch.spi.ChainData;
import io.valwatch.spi.ChainDataSource;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The second opinion asked before a critical validator alert fires: never of the preferred endpoint, the first
 * other endpoint that answers decides, and without an answer the first endpoint's word stands.
 */
class SecondOpinionTest {
  private static final String V1 = address(1);
  private static final String V2 = address(2);
  private static final String V3 = address(3);

  @StartStop final MockWebServer serverA = new MockWebServer();
  @StartStop final MockWebServer serverB = new MockWebServer();
  @StartStop final MockWebServer serverC = new MockWebServer();

  private final ScriptedNode a = new ScriptedNode(serverA, "a");
  private final ScriptedNode b = new ScriptedNode(serverB, "b");
  private final ScriptedNode c = new ScriptedNode(serverC, "c");
  private final OkHttpClient http = new OkHttpClient();
  private final List<CometRpcClient> clients = new ArrayList<>();
  private final List<String> opened = new ArrayList<>();
  /** The endpoints whose data source fails to read. */
  private Set<String> failingFetch = Set.of();

  @BeforeEach
  void sameSetEverywhere() {
    for (ScriptedNode n : List.of(a, b, c)) {
      n.set = List.of(V1, V2, V3);
      n.absent.put(100L, Set.of(V2));
    }
  }

  @AfterEach
  void closeClient() {
    http.dispatcher().executorService().shutdown();
  }

  @Test
  void anotherEndpointConfirmsAnAbsenceAndThePreferredOneIsNotAsked() {
    SecondOpinion opinion = opinion(a, b, c);

    assertThat(opinion.absentAt(V2, 100)).isTrue();
    assertThat(opinion.absentAt(V2.toLowerCase(), 100)).as("addresses compare without case").isTrue();

    assertThat(a.asked("block") + a.asked("validators")).isZero();
    assertThat(b.asked("block")).isEqualTo(2);
    assertThat(b.asked("validators")).isEqualTo(2);
    assertThat(c.asked()).as("c only answered the status check").isEqualTo(1);
  }

  @Test
  void anotherEndpointThatHasTheSignatureContradicts() {
    b.absent.clear();
    SecondOpinion opinion = opinion(a, b, c);

    assertThat(opinion.absentAt(V2, 100)).isFalse();
    assertThat(opinion.absentAt(V1, 100)).isFalse();
    assertThat(c.asked("block")).isZero();
  }

  @Test
  void aValidatorOutsideTheSetIsNotAbsent() {
    assertThat(opinion(a, b).absentAt(address(9), 100)).isFalse();
  }

  @Test
  void anEndpointThatCannotAnswerIsPassedOverAndTheNextOneDecides() {
    c.absent.clear();
    SecondOpinion opinion = opinion(a, b, c);
    b.override = new MockResponse.Builder().code(500).build();

    assertThat(opinion.absentAt(V2, 100)).as("c saw the signature").isFalse();
    assertThat(b.asked("block")).isEqualTo(1);
    assertThat(c.asked("block")).isEqualTo(1);
  }

  @Test
  void aCommitThatDoesNotLineUpWithItsSetIsNoAnswer() {
    b.commitShortBy = 1;
    c.absent.clear();

    assertThat(opinion(a, b, c).absentAt(V2, 100)).isFalse();
    assertThat(c.asked("block")).isEqualTo(1);
  }

  @Test
  void withoutAnotherAnswerTheFirstEndpointsWordStands() {
    SecondOpinion three = opinion(a, b, c);
    b.override = new MockResponse.Builder().code(503).build();
    c.override = new MockResponse.Builder().code(502).build();
    assertThat(three.absentAt(V1, 100)).as("a's word: V1 absent").isTrue();
    assertThat(three.evidenceAt(V1, 100)).isTrue();
    failingFetch = Set.of("b", "c");
    assertThat(three.stakingAgrees("anything", data -> false)).isTrue();
    assertThat(opened).containsExactly("b", "closed b", "c", "closed c");
  }

  @Test
  void withOneEndpointThereIsNoOneElseToAsk() {
    SecondOpinion alone = opinion(a);

    assertThat(alone.absentAt(V1, 100)).isTrue();
    assertThat(alone.stakingAgrees("anything", data -> false)).isTrue();
    assertThat(a.asked()).as("the status check only").isEqualTo(1);
    assertThat(opened).isEmpty();
  }

  @Test
  void doubleSignEvidenceMustBeInTheOtherEndpointsBlockToo() {
    b.evidence.put(42L, Set.of(V3));
    SecondOpinion opinion = opinion(a, b);

    assertThat(opinion.evidenceAt(V3, 42)).isTrue();
    assertThat(opinion.evidenceAt(V3.toLowerCase(), 42)).isTrue();
    assertThat(opinion.evidenceAt(V2, 42)).as("the evidence names V3 only").isFalse();
    assertThat(opinion.evidenceAt(V3, 43)).isFalse();
  }

  @Test
  void stakingIsReadAgainThroughAnotherEndpointAlone() {
    SecondOpinion opinion = opinion(a, b, c);

    assertThat(opinion.stakingAgrees("jailing of V2", data -> data.validators().isEmpty())).isTrue();
    assertThat(opened).containsExactly("b", "closed b");
    assertThat(opinion.stakingAgrees("jailing of V2", data -> !data.validators().isEmpty())).isFalse();
  }

  @Test
  void aStakingReadThatFailsIsPassedOverAndTheNextEndpointDecides() {
    SecondOpinion opinion = opinion(a, b, c);
    failingFetch = Set.of("b");

    assertThat(opinion.stakingAgrees("tombstoning of V2", data -> false)).isFalse();
    assertThat(opened).containsExactly("b", "closed b", "c", "closed c");
  }

  private SecondOpinion opinion(ScriptedNode... nodes) {
    for (ScriptedNode n : nodes) {
      clients.add(n.client(http));
    }
    EndpointPool pool =
        new EndpointPool(ScriptedNode.CHAIN, clients, (e, m) -> {}, new ManualClock(Instant.parse("2026-01-01T00:00:00Z")));
    pool.checkAll();
    return new SecondOpinion(ScriptedNode.CHAIN, pool, this::sourceOn);
  }

  /** A data source that reads nothing over the wire but says which endpoint it was opened on. */
  private ChainDataSource sourceOn(CometRpcClient client) {
    String name = client.endpoint().redacted();
    opened.add(name);
    return new ChainDataSource() {
      @Override
      public ChainData fetch() throws IOException {
        if (failingFetch.contains(name)) {
          throw new IOException("abci_query failed");
        }
        return ChainData.blocksOnly();
      }

      @Override
      public void close() {
        opened.add("closed " + name);
      }
    };
  }
}
