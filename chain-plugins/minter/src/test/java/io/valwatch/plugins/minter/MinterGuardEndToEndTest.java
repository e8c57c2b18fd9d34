package io.valwatch.plugins.minter;

import static org.assertj.core.api.Assertions.assertThat;

import io.valwatch.Watcher;
import io.valwatch.action.ActionAttempt;
import io.valwatch.action.ActionEngine;
import io.valwatch.action.ActionStatus;
import io.valwatch.action.ActionStore;
import io.valwatch.action.Confirmer;
import io.valwatch.action.Outcome;
import io.valwatch.alert.AlertNotification;
import io.valwatch.event.WatcherListener;
import io.valwatch.model.ChainSpec;
import io.valwatch.plugins.minter.MinterGuard.GuardStatus;
import io.valwatch.rpc.RpcEndpoint;
import io.valwatch.simnet.minter.MinterApiServer;
import io.valwatch.simnet.minter.MinterChain;
import io.valwatch.simnet.minter.MinterValidatorTruth;
import io.valwatch.simnet.minter.TransactionTruth;
import io.valwatch.spi.ChainPluginRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.BooleanSupplier;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The candidate-off guard against the simulated Minter chain: bob goes offline at height 10 and, unguarded,
 * would be jailed by the absence recorded in block 23. Every verdict is the simulator's truth.
 */
class MinterGuardEndToEndTest {
  private static final Duration WAIT_LIMIT = Duration.ofSeconds(30);
  private static final int OFF = 0x0B;

  private final OkHttpClient http = new OkHttpClient();
  private final List<ActionAttempt> attempts = new CopyOnWriteArrayList<>();
  private final List<AlertNotification> alerts = new CopyOnWriteArrayList<>();
  @TempDir Path state;

  private static MinterChain chain() {
    return MinterChain.builder().jailBlocks(30).candidate("alice", 3_000).candidate("bob", 2_000)
        .candidate("carol", 1_000).offline("bob", 10, 200).build();
  }

  @Test
  void anOfflineValidatorIsSwitchedOffByExactlyOneBroadcastBeforeThePenalty() throws Exception {
    MinterChain chain = chain();
    chain.produceUntil(5);
    try (MinterApiServer a = MinterApiServer.start(chain); MinterApiServer b = MinterApiServer.start(chain)) {
      MinterGuard guard = guard(chain, List.of(a.url(), b.url()), chain.transaction("bob").candidateOff("bob").sign());
      assertThat(guard.check().armed()).as(guard.status().detail()).isTrue();
      try (ActionEngine engine = engine(guard, ActionStore.inDirectory(state));
          Watcher watcher = watcher(chain, a, engine)) {
        watcher.start();
        produceWhile(chain, () -> chain.truth().transactions().isEmpty() && chain.latestHeight() < 23);
        chain.produceUntil(60);
        await(() -> engine.status("guard-bob").orElseThrow().attempts().get(Outcome.SUCCEEDED) == 1);

        MinterValidatorTruth bob = chain.truth().candidate("bob");
        assertThat(chain.truth().transactions()).singleElement().satisfies(t -> {
          assertThat(t.type()).isEqualTo(OFF);
          assertThat(t.code()).isZero();
          assertThat(t.sender()).isEqualTo(bob.ownerAddress());
          assertThat(t.height()).as("delivered before block 23 recorded the 13th absence").isLessThan(23);
        });
        assertThat(bob.status()).isEqualTo(1);
        assertThat(bob.validator()).isFalse();
        assertThat(bob.jailedUntil()).as("no downtime penalty").isZero();
        assertThat(a.requestCount("send_transaction") + b.requestCount("send_transaction")).isEqualTo(1);
        ActionStatus status = engine.status("guard-bob").orElseThrow();
        assertThat(status.state().armed()).isFalse();
        assertThat(attempts).filteredOn(x -> x.outcome().ran()).singleElement()
            .satisfies(x -> assertThat(x.detail()).contains("the candidate is off"));
      }
    }
  }

  @Test
  void aUsedTransactionRaisesGuardUnarmed() throws Exception {
    MinterChain chain = MinterChain.builder().candidate("alice", 3_000).candidate("bob", 2_000).build();
    chain.produceUntil(5);
    String offTx = chain.transaction("bob").candidateOff("bob").nonce(1).sign();
    try (MinterApiServer api = MinterApiServer.start(chain)) {
      MinterGuard guard = guard(chain, List.of(api.url()), offTx);
      ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
      try {
        guard.startChecks(scheduler, listener());
        await(() -> !guard.status().unchecked());
        assertThat(guard.status().armed()).as(guard.status().detail()).isTrue();
        assertThat(alerts).isEmpty();

        // the owner sends another transaction with nonce 1: the guard's one can never be used
        String other = chain.transaction("bob").candidateOn("bob").nonce(1).sign();
        assertThat(submit(api, other)).isEqualTo(200);
        chain.produceBlocks(1);
        assertThat(chain.truth().candidate("bob").ownerNonce()).isEqualTo(1);

        GuardStatus used = guard.check();
        assertThat(used.armed()).isFalse();
        assertThat(used.detail()).contains("nonce 1 is used").doesNotContain(offTx.substring(2, 40));
      } finally {
        scheduler.shutdownNow();
      }
      assertThat(api.requestCount("send_transaction")).isEqualTo(1);
    }
  }

  @Test
  void theUnarmedAlertFiresOnceAndResolvesWhenTheTransactionIsUsableAgain() throws Exception {
    MinterChain chain = MinterChain.builder().candidate("alice", 3_000).candidate("bob", 2_000)
        .candidate("carol", 1_000).build();
    chain.produceUntil(5);
    try (MinterApiServer api = MinterApiServer.start(chain)) {
      // signed by carol's owner: the chain would refuse it (code 406)
      String foreign = chain.transaction("carol").candidateOff("bob").sign();
      MinterGuard guard = guard(chain, List.of(api.url()), foreign);
      ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
      try {
        guard.startChecks(scheduler, listener());
        await(() -> alerts.size() == 1);
      } finally {
        scheduler.shutdownNow();
      }
      AlertNotification fired = alerts.get(0);
      assertThat(fired.reason()).isEqualTo(AlertNotification.Reason.FIRING);
      assertThat(fired.alert().key().kind()).isEqualTo(MinterGuard.GUARD_UNARMED);
      assertThat(fired.alert().key().subject()).isEqualTo(chain.publicKey("bob"));
      assertThat(fired.alert().description()).contains(chain.truth().candidate("carol").ownerAddress(), "neither");
      assertThat(submit(api, foreign)).as("the chain agrees").isEqualTo(400);
    }
  }

  @Test
  void aRestartMidEpisodeDoesNotBroadcastAgain() throws Exception {
    MinterChain chain = chain();
    chain.produceUntil(5);
    ActionStore store = ActionStore.inDirectory(state);
    try (MinterApiServer api = MinterApiServer.start(chain)) {
      String first = chain.transaction("bob").candidateOff("bob").nonce(1).sign();
      MinterGuard guard = guard(chain, List.of(api.url()), first);
      try (ActionEngine engine = engine(guard, store); Watcher watcher = watcher(chain, api, engine)) {
        watcher.start();
        produceWhile(chain, () -> chain.truth().pendingTransactions() == 0 && chain.latestHeight() < 23);
        assertThat(chain.truth().pendingTransactions()).as("broadcast, not yet in a block").isEqualTo(1);
        await(() -> !attempts.isEmpty() && attempts.get(0).outcome().ran());
      }
      // valwatch restarts before the next block, from the same state directory and with a still-usable
      // transaction (the next nonce); it reads bob's misses from height 1 again, so the rule is met again
      String second = chain.transaction("bob").candidateOff("bob").nonce(2).sign();
      MinterGuard again = guard(chain, List.of(api.url()), second);
      attempts.clear();
      try (ActionEngine engine = engine(again, store); Watcher watcher = watcher(chain, api, engine)) {
        watcher.start();
        produceWhile(chain, () -> chain.latestHeight() < 30);
        await(() -> watcher.status().get(0).latestHeight().orElse(-1) >= 29);
        assertThat(watcher.status().get(0).validators().get(0).signing().missedBlocks()).isGreaterThanOrEqualTo(4);
        assertThat(attempts).noneMatch(x -> x.outcome().ran());
        assertThat(engine.status("guard-bob").orElseThrow().state().armed()).isFalse();
      }
      assertThat(api.requestCount("send_transaction")).isEqualTo(1);
      assertThat(chain.truth().transactions()).extracting(TransactionTruth::code).containsExactly(0);
      assertThat(chain.truth().candidate("bob").jailedUntil()).isZero();
    }
  }

  @Test
  void anEpisodeFoundInOldHeightsSwitchesOffNoValidatorThatSignsAgain() throws Exception {
    // bob missed heights 10..14 and has signed since; valwatch starts later and reads those heights
    MinterChain chain = MinterChain.builder().jailBlocks(30).candidate("alice", 3_000).candidate("bob", 2_000)
        .offline("bob", 10, 14).build();
    chain.produceUntil(60);
    assertThat(chain.truth().candidate("bob").absentCount()).isZero();
    try (MinterApiServer api = MinterApiServer.start(chain)) {
      MinterGuard guard = guard(chain, List.of(api.url()), chain.transaction("bob").candidateOff("bob").sign());
      try (ActionEngine engine = engine(guard, ActionStore.inDirectory(state));
          Watcher watcher = watcher(chain, api, engine)) {
        watcher.start();
        await(() -> attempts.stream().anyMatch(x -> x.outcome() == Outcome.CONTRADICTED));
        await(() -> watcher.status().get(0).latestHeight().orElse(-1) >= 59);
        assertThat(attempts).noneMatch(x -> x.outcome().ran());
        assertThat(engine.status("guard-bob").orElseThrow().state().armed()).isTrue();
      }
      assertThat(api.requestCount("send_transaction")).isZero();
      assertThat(chain.truth().candidate("bob").status()).isEqualTo(2);
    }
  }

  private MinterGuard guard(MinterChain chain, List<String> urls, String tx) {
    return MinterGuard.builder(chain.network(), urls.stream().map(RpcEndpoint::parse).toList(), http)
        .validator(chain.publicKey("bob"))
        .transaction(tx)
        .missed(4)
        .of(24)
        .checkInterval(Duration.ofMillis(50))
        .confirmTimeout(Duration.ofSeconds(3))
        .pollInterval(Duration.ofMillis(50))
        .build();
  }

  private ActionEngine engine(MinterGuard guard, ActionStore store) {
    ActionEngine engine = ActionEngine.builder().action(guard.action("guard-bob")).store(store)
        .listener(attempts::add).build();
    engine.start(Confirmer.singleEndpoint());
    return engine;
  }

  private static Watcher watcher(MinterChain chain, MinterApiServer api, WatcherListener listener) {
    ChainPluginRegistry plugins = new ChainPluginRegistry();
    plugins.register(new MinterPlugin());
    ChainSpec spec = ChainSpec.builder(chain.network()).plugin(MinterPlugin.ID).rpcEndpoint(api.url())
        .track(chain.publicKey("bob"), "bob").startHeight(1).websocket(false).pollInterval(Duration.ofMillis(20))
        .stakingRefreshInterval(Duration.ofSeconds(5)).pluginOption("jail_blocks", 30).build();
    return Watcher.builder().plugins(plugins).chain(spec).listener(listener).build();
  }

  private WatcherListener listener() {
    return new WatcherListener() {
      @Override
      public void onAlert(AlertNotification notification) {
        alerts.add(notification);
      }
    };
  }

  private int submit(MinterApiServer api, String tx) throws Exception {
    okhttp3.Request request = new okhttp3.Request.Builder().url(api.url() + "/send_transaction")
        .post(okhttp3.RequestBody.create("{\"tx\":\"" + tx + "\"}", okhttp3.MediaType.get("application/json")))
        .build();
    try (okhttp3.Response response = http.newCall(request).execute()) {
      return response.code();
    }
  }

  /** One block every 150 ms, a Minter block time scaled down, while {@code condition} holds. */
  private static void produceWhile(MinterChain chain, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + WAIT_LIMIT.toNanos();
    while (condition.getAsBoolean() && System.nanoTime() < deadline) {
      chain.produceBlocks(1);
      Thread.sleep(150);
    }
  }

  private static void await(BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + WAIT_LIMIT.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not reached within " + WAIT_LIMIT);
      }
      Thread.sleep(10);
    }
  }
}
