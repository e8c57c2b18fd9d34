package io.valwatch.plugins.minter;

import static org.assertj.core.api.Assertions.assertThat;

import io.valwatch.Watcher;
import io.valwatch.model.BondStatus;
import io.valwatch.model.ChainSpec;
import io.valwatch.model.ChainStatus;
import io.valwatch.model.DisplayUnit;
import io.valwatch.model.LivenessRule;
import io.valwatch.model.StakingStatus;
import io.valwatch.model.ValidatorStatus;
import io.valwatch.simnet.fault.Fault;
import io.valwatch.simnet.fault.FaultProxy;
import io.valwatch.simnet.fault.FaultRule;
import io.valwatch.simnet.minter.MinterApiServer;
import io.valwatch.simnet.minter.MinterChain;
import io.valwatch.simnet.minter.MinterValidatorTruth;
import io.valwatch.spi.ChainPluginRegistry;
import io.valwatch.tracker.SigningStats;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/** The watcher with the Minter plugin registered by hand, against the simulated Minter chain. */
class MinterWatcherEndToEndTest {
  private static final Duration WAIT_LIMIT = Duration.ofSeconds(30);
  private static final List<String> NAMES = List.of("alice", "bob", "carol", "dave");

  private final MinterChain chain = MinterChain.builder()
      .jailBlocks(30)
      .candidate("alice", 3_000)
      .candidate("bob", 2_000)
      .candidate("carol", 1_000)
      .candidate("dave", 500)
      .maxValidators(3)
      .offline("bob", 10, 100) // 13th absence recorded in block 23: jailed until 53
      .offline("carol", 30, 33)
      .build();

  @Test
  void countsJailAndBlocksUntilPenaltyMatchTheChain() throws Exception {
    ChainPluginRegistry plugins = new ChainPluginRegistry();
    plugins.register(new MinterPlugin());
    chain.produceUntil(10);
    try (MinterApiServer server = MinterApiServer.start(chain)) {
      ChainSpec.Builder spec = spec(server);
      NAMES.forEach(n -> spec.track(chain.publicKey(n), n));
      try (Watcher watcher = Watcher.builder().plugins(plugins).chain(spec.build()).build()) {
        watcher.start();

        // While bob goes offline: at each height the chain's counter and what is left before the penalty.
        for (long h = 10; h <= 22; h++) {
          chain.produceUntil(h);
          MinterValidatorTruth bob = chain.truth().candidate("bob");
          ChainStatus status = await(watcher, h - 1, s -> counter(s, "bob") == bob.absentCount());
          StakingStatus staking = validator(status, "bob").staking().orElseThrow();
          assertThat(staking.chainBlocksUntilPenalty().getAsLong()).as("blocks until penalty after block %d", h)
              .isEqualTo(bob.blocksUntilPenalty())
              .isEqualTo(12 - (h - 10));
          assertThat(staking.jailed()).isFalse();
        }

        // bob is jailed until 53; carol's 4 absences (blocks 31..34) stay in the window until block 55
        chain.produceUntil(40);
        ChainStatus end = await(watcher, 39, s -> validator(s, "bob").staking().orElseThrow().jailed()
            && counter(s, "carol") == 4);
        assertThat(end.livenessRule()).contains(new LivenessRule(24, 12, LivenessRule.Penalty.JAIL_FOR_BLOCKS,
            Duration.ZERO, 30, BigDecimal.ZERO));
        for (String name : NAMES) {
          MinterValidatorTruth truth = chain.truth().candidate(name);
          ValidatorStatus v = validator(end, name);
          SigningStats signing = v.signing();
          assertThat(v.consensusAddressHex()).contains(truth.consensusAddressHex());
          assertThat(new long[] {signing.signedBlocks(), signing.missedBlocks(), signing.proposedBlocks()})
              .as("signed, missed and proposed of %s", name)
              .containsExactly(truth.signed(), truth.missed(), truth.proposed());
          assertThat(v.staking().orElseThrow().jailed()).as("jailed %s", name).isEqualTo(truth.jailed());
          assertThat(v.staking().orElseThrow().bondStatus()).isEqualTo(truth.validator() ? BondStatus.BONDED : BondStatus.UNBONDED);
          assertThat(v.staking().orElseThrow().tokens()).contains(truth.totalStake());
          assertThat(v.staking().orElseThrow().operatorAddress()).contains(truth.publicKey());
          if (truth.validator()) {
            assertThat(v.staking().orElseThrow().chainBlocksUntilPenalty()).as("blocks until penalty of %s", name)
                .hasValue(truth.blocksUntilPenalty());
          }
        }
        assertThat(validator(end, "bob").signing().missedBlocks()).isEqualTo(15); // heights 10..24
        assertThat(validator(end, "carol").staking().orElseThrow().chainBlocksUntilPenalty()).hasValue(8);
        assertThat(server.requestCount("block")).as("one block per height, plus block 1").isEqualTo(40);
      }
    }
  }

  /**
   * Network mode on Minter: the candidates in the validator list are tracked by public key, dave (a
   * candidate outside the set) is not; bob, jailed at block 23, leaves the list and is no longer tracked,
   * since Minter has no unbonding state.
   */
  @Test
  void networkModeFollowsTheValidatorList() throws Exception {
    ChainPluginRegistry plugins = new ChainPluginRegistry();
    plugins.register(new MinterPlugin());
    chain.produceUntil(10);
    try (MinterApiServer server = MinterApiServer.start(chain)) {
      try (Watcher watcher = Watcher.builder().plugins(plugins).chain(spec(server).trackAll().build()).build()) {
        watcher.start();
        ChainStatus start = await(watcher, 9, s -> s.validators().size() == 3);
        assertThat(tracked(start)).containsExactlyInAnyOrderElementsOf(validatorList());
        assertThat(start.displayUnit()).contains(new DisplayUnit("BIP", 18));

        chain.produceUntil(40);
        ChainStatus end = await(watcher, 39, s -> s.validators().size() == 2);
        assertThat(chain.truth().candidate("bob").validator()).isFalse();
        assertThat(tracked(end)).containsExactlyInAnyOrderElementsOf(validatorList())
            .containsExactlyInAnyOrder(chain.publicKey("alice"), chain.publicKey("carol"));
        for (ValidatorStatus v : end.validators()) {
          MinterValidatorTruth truth = chain.truth().candidates().values().stream()
              .filter(t -> t.publicKey().equals(v.identity())).findFirst().orElseThrow();
          assertThat(new long[] {v.signing().signedBlocks(), v.signing().missedBlocks(), v.signing().proposedBlocks()})
              .as("signed, missed and proposed of %s", truth.name())
              .containsExactly(truth.signed(), truth.missed(), truth.proposed());
        }
      }
    }
  }

  /**
   * Beside an honest endpoint, one reports a block a million ahead and one refuses every request with 429 and
   * an hour's {@code Retry-After}: no height is skipped, counts and staking match the chain, and the refusing
   * endpoint is asked once by each source and then left alone.
   */
  @Test
  void aLyingAndARateLimitedEndpointChangeNothingTheWatcherShows() throws Exception {
    ChainPluginRegistry plugins = new ChainPluginRegistry();
    plugins.register(new MinterPlugin());
    chain.produceUntil(40);
    FaultRule refusals = FaultRule.onEveryCall().fault(Fault.tooManyRequests(Duration.ofHours(1))).build();
    try (MinterApiServer server = MinterApiServer.start(chain);
        FaultProxy liar = FaultProxy.builder(server.url())
            .rule(FaultRule.on("v2/status")
                .fault(Fault.rewrite("/latest_block_height", h -> Long.toString(Long.parseLong(h) + 1_000_000)))
                .build())
            .start();
        FaultProxy limited = FaultProxy.builder(server.url()).rule(refusals).start()) {
      ChainSpec.Builder spec = spec(server.url(), liar.url() + "/v2", limited.url() + "/v2");
      NAMES.forEach(n -> spec.track(chain.publicKey(n), n));
      try (Watcher watcher = Watcher.builder().plugins(plugins).chain(spec.build()).build()) {
        watcher.start();
        ChainStatus end = await(watcher, 39, s -> validator(s, "bob").staking().filter(StakingStatus::jailed).isPresent());
        Thread.sleep(500); // more polls and staking refreshes, which must leave the refusing endpoint alone

        assertThat(end.gapBlocks()).isZero();
        assertThat(end.latestHeight()).hasValue(39);
        for (String name : NAMES) {
          MinterValidatorTruth truth = chain.truth().candidate(name);
          SigningStats signing = validator(end, name).signing();
          assertThat(new long[] {signing.signedBlocks(), signing.missedBlocks(), signing.proposedBlocks()})
              .as("signed, missed and proposed of %s", name)
              .containsExactly(truth.signed(), truth.missed(), truth.proposed());
          assertThat(validator(end, name).staking().orElseThrow().jailed()).as("jailed %s", name).isEqualTo(truth.jailed());
        }
        assertThat(refusals.hits()).as("requests to the refusing endpoint: one per source").isEqualTo(2);
      }
    }
  }

  /** Heights from 1, polled quickly, staking read at every poll. */
  private ChainSpec.Builder spec(MinterApiServer server) {
    return spec(server.url());
  }

  private ChainSpec.Builder spec(String... urls) {
    ChainSpec.Builder spec = ChainSpec.builder(chain.network()).plugin(MinterPlugin.ID);
    for (String url : urls) {
      spec.rpcEndpoint(url);
    }
    return spec
        .startHeight(1)
        .websocket(false)
        .pollInterval(Duration.ofMillis(20))
        .stakingRefreshInterval(Duration.ofMillis(20))
        .pluginOption("jail_blocks", 30);
  }

  private List<String> validatorList() {
    return NAMES.stream().filter(n -> chain.truth().candidate(n).validator()).map(chain::publicKey).toList();
  }

  private static List<String> tracked(ChainStatus status) {
    return status.validators().stream().map(ValidatorStatus::identity).toList();
  }

  private long counter(ChainStatus status, String name) {
    return validator(status, name).staking().flatMap(s -> {
      OptionalLong counter = s.chainMissedBlocksCounter();
      return counter.isPresent() ? Optional.of(counter.getAsLong()) : Optional.empty();
    }).orElse(-1L);
  }

  private ValidatorStatus validator(ChainStatus status, String name) {
    String key = chain.publicKey(name);
    return status.validators().stream().filter(v -> v.identity().equals(key)).findFirst()
        .orElseThrow(() -> new AssertionError(name + " is not tracked"));
  }

  /** Waits until {@code height} is processed and {@code condition} holds. */
  private static ChainStatus await(Watcher watcher, long height, Predicate<ChainStatus> condition)
      throws InterruptedException {
    long deadline = System.nanoTime() + WAIT_LIMIT.toNanos();
    while (true) {
      ChainStatus status = watcher.status().get(0);
      boolean processed = status.latestHeight().orElse(-1) >= height;
      if (processed && condition.test(status)) {
        return status;
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("height " + height + " and the condition were not reached within " + WAIT_LIMIT
            + "; last status: " + status);
      }
      Thread.sleep(10);
    }
  }
}
