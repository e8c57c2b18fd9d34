package io.valwatch.simnet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.valwatch.model.BondStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class SimulatedChainTest {
  private static final Instant GENESIS = Instant.parse("2024-01-01T00:00:00Z");

  /** Window 10, min 0.5: maxMissed = 10 - 5 = 5; jail needs height > 0 + 10 and counter > 5. */
  private static SimulatedChain.Builder smallWindow() {
    return SimulatedChain.builder()
        .genesisTime(GENESIS)
        .signedBlocksWindow(10)
        .minSignedPerWindow("0.5")
        .downtimeJailDuration(Duration.ofSeconds(30))
        .validator("alice", 30_000_000)
        .validator("bob", 20_000_000)
        .validator("carol", 10_000_000);
  }

  private static List<String> setNames(SimulatedChain chain, long height) {
    return chain.read(state -> state.set(height).members.stream().map(m -> m.validator().name).toList());
  }

  @Test
  void offlineFromHeightOneIsJailedAtTheFirstHeightPastTheWindowAndLeavesTheSetTwoHeightsLater() {
    SimulatedChain chain = smallWindow().offline("carol", 1, 1_000).build();

    // At block 10 the counter is 9 (commits 1..9 missed) but 10 is not > start_height + window.
    chain.produceBlocks(10);
    assertThat(chain.truth().validator("carol").jailed()).isFalse();
    assertThat(chain.truth().validator("carol").missedBlocksCounter()).isEqualTo(9);

    chain.produceBlocks(1);
    ValidatorTruth carol = chain.truth().validator("carol");
    assertThat(carol.jailed()).isTrue();
    assertThat(carol.lastJailHeight()).isEqualTo(11);
    assertThat(carol.jailedUntil()).isEqualTo(chain.blockTime(11).plusSeconds(30));
    assertThat(carol.missedBlocksCounter()).isZero();
    assertThat(carol.indexOffset()).isZero();
    assertThat(carol.status()).isEqualTo(BondStatus.UNBONDING);
    assertThat(carol.tokens()).isEqualTo(9_900_000); // 1 % downtime slash

    chain.produceBlocks(5);
    assertThat(setNames(chain, 12)).containsExactly("alice", "bob", "carol");
    assertThat(setNames(chain, 13)).containsExactly("alice", "bob");
    // Missed while in the set: commits 1..12; commits 13..15 have no entry for carol.
    assertThat(chain.truth().validator("carol").missed()).isEqualTo(12);
    assertThat(chain.truth().validator("alice").signed()).isEqualTo(15);
  }

  @Test
  void jailingWaitsForTheCounterWhenMissesStartLate() {
    // Misses from 8: at block H the counter is H - 8; > 5 first at H = 14 (and 14 > 10).
    SimulatedChain chain = smallWindow().offline("carol", 8, 1_000).build();
    chain.produceBlocks(13);
    assertThat(chain.truth().validator("carol").jailed()).isFalse();
    assertThat(chain.truth().validator("carol").missedBlocksCounter()).isEqualTo(5);
    chain.produceBlocks(1);
    assertThat(chain.truth().validator("carol").lastJailHeight()).isEqualTo(14);
  }

  @Test
  void nilVotesAreNotMisses() {
    SimulatedChain chain = smallWindow().nilVotes("carol", 1, 1_000).build();
    chain.produceBlocks(30);
    ValidatorTruth carol = chain.truth().validator("carol");
    assertThat(carol.jailed()).isFalse();
    assertThat(carol.nil()).isEqualTo(29);
    assertThat(carol.missed()).isZero();
    assertThat(carol.missedBlocksCounter()).isZero();
  }

  @Test
  void unjailAfterTheJailTimeRebondsWithANewStartHeight() {
    SimulatedChain chain = smallWindow()
        .blockInterval(Duration.ofSeconds(5))
        .offline("carol", 1, 12)
        .unjail("carol", 15) // jailed_until = time(11) + 30 s = time(17): too early, ignored
        .unjail("carol", 17)
        .build();
    chain.produceBlocks(16);
    assertThat(chain.truth().validator("carol").jailed()).isTrue();
    chain.produceBlocks(1);
    ValidatorTruth carol = chain.truth().validator("carol");
    assertThat(carol.jailed()).isFalse();
    assertThat(carol.status()).isEqualTo(BondStatus.BONDED);
    assertThat(carol.startHeight()).isEqualTo(17);
    chain.produceBlocks(2);
    assertThat(setNames(chain, 18)).doesNotContain("carol");
    assertThat(setNames(chain, 19)).contains("carol");
  }

  @Test
  void doubleSignTombstonesAndJailsForever() {
    SimulatedChain chain = smallWindow().doubleSign("bob", 5).unjail("bob", 100).build();
    chain.produceBlocks(110);
    ValidatorTruth bob = chain.truth().validator("bob");
    assertThat(bob.tombstoned()).isTrue();
    assertThat(bob.jailed()).isTrue();
    assertThat(bob.jailedUntil()).isEqualTo(Instant.parse("9999-12-31T23:59:59Z"));
    assertThat(bob.tokens()).isEqualTo(19_000_000); // 5 % double-sign slash
    assertThat(setNames(chain, 6)).contains("bob");
    assertThat(setNames(chain, 7)).doesNotContain("bob");
    List<BlockRecord.Evidence> evidence = chain.read(state -> state.block(5).evidence());
    assertThat(evidence).extracting(BlockRecord.Evidence::height).containsExactly(4L);
  }

  @Test
  void joinLeaveAndTokenChangesTakeEffectTwoHeightsLater() {
    SimulatedChain chain = smallWindow()
        .join("dave", 4, 50_000_000)
        .setTokens("bob", 8, 5_000_000)
        .leave("alice", 12)
        .build();
    chain.produceBlocks(20);
    assertThat(setNames(chain, 5)).containsExactly("alice", "bob", "carol");
    assertThat(setNames(chain, 6)).containsExactly("dave", "alice", "bob", "carol");
    assertThat(setNames(chain, 10)).containsExactly("dave", "alice", "carol", "bob");
    assertThat(setNames(chain, 14)).containsExactly("dave", "carol", "bob");
    assertThat(chain.truth().validator("dave").startHeight()).isEqualTo(4);
    assertThat(chain.truth().validator("alice").status()).isEqualTo(BondStatus.UNBONDING);

    List<String> hashes = chain.read(state -> java.util.stream.LongStream.rangeClosed(1, 20)
        .mapToObj(h -> state.block(h).set().hash).toList());
    for (int h = 2; h <= 20; h++) {
      boolean changed = h == 6 || h == 10 || h == 14;
      assertThat(!hashes.get(h - 1).equals(hashes.get(h - 2)))
          .as("validators_hash changes at %d", h).isEqualTo(changed);
    }
  }

  @Test
  void proposersRotateByPower() {
    SimulatedChain chain = smallWindow().build();
    chain.produceBlocks(60);
    ChainTruth truth = chain.truth();
    // Power 3:2:1 over 60 blocks.
    assertThat(truth.validator("alice").proposed()).isEqualTo(30);
    assertThat(truth.validator("bob").proposed()).isEqualTo(20);
    assertThat(truth.validator("carol").proposed()).isEqualTo(10);
  }

  @Test
  void haltStopsProductionUntilResumed() {
    SimulatedChain chain = smallWindow().haltAt(5).build();
    assertThat(chain.produceBlocks(10)).isEqualTo(5);
    assertThat(chain.halted()).isTrue();
    assertThat(chain.produceBlocks(3)).isZero();
    chain.resume();
    assertThat(chain.produceBlocks(3)).isEqualTo(3);
    assertThat(chain.latestHeight()).isEqualTo(8);
  }

  @Test
  void identitiesFollowTheDocumentedDerivation() throws Exception {
    SimulatedChain chain = smallWindow().build();
    ValidatorTruth alice = chain.truth().validator("alice");
    byte[] key = java.security.MessageDigest.getInstance("SHA-256")
        .digest("valwatch-simnet/alice".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    assertThat(alice.pubKeyBase64()).isEqualTo(java.util.Base64.getEncoder().encodeToString(key));
    assertThat(alice.consensusAddress()).startsWith("cosmosvalcons1");
    assertThat(alice.operatorAddress()).startsWith("cosmosvaloper1");
    assertThat(alice.consensusAddressHex()).matches("[0-9A-F]{40}");
  }

  @Test
  void secp256k1ValidatorsGetACompressedKeyShape() {
    SimulatedChain chain = smallWindow().secp256k1Validator("kim", 5_000_000).build();
    byte[] key = java.util.Base64.getDecoder().decode(chain.truth().validator("kim").pubKeyBase64());
    assertThat(key).hasSize(33);
    assertThat(key[0]).isEqualTo((byte) 0x02);
    assertThat(chain.truth().validator("kim").consensusAddressHex()).matches("[0-9A-F]{40}");
  }

  @Test
  void onlyTheLastRetainedBlocksAreKept() {
    SimulatedChain chain = smallWindow().retainBlocks(10).build();
    chain.produceBlocks(30);
    assertThat(chain.truth().earliestHeight()).isEqualTo(21);
    boolean twentyKept = chain.read(state -> state.block(20) != null);
    boolean twentyOneHasItsCommitSet = chain.read(state -> state.block(21).lastSet() != null);
    assertThat(twentyKept).isFalse();
    assertThat(twentyOneHasItsCommitSet).isTrue();
  }

  @Test
  void producesInRealTimeOnAnExecutor() throws InterruptedException {
    SimulatedChain chain = smallWindow().blockInterval(Duration.ofMillis(5)).build();
    java.util.concurrent.CountDownLatch threeBlocks = new java.util.concurrent.CountDownLatch(3);
    chain.addBlockListener(height -> threeBlocks.countDown());
    java.util.concurrent.ScheduledExecutorService executor =
        java.util.concurrent.Executors.newSingleThreadScheduledExecutor();
    try {
      chain.startProducing(executor);
      assertThatThrownBy(() -> chain.startProducing(executor)).isInstanceOf(IllegalStateException.class);
      assertThat(threeBlocks.await(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
      chain.stopProducing();
      assertThat(chain.latestHeight()).isGreaterThanOrEqualTo(3);
    } finally {
      executor.shutdownNow();
    }
  }

  @Test
  void builderRejectsUnknownNamesAndBadFractions() {
    assertThatThrownBy(() -> smallWindow().offline("mallory", 1, 2).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("mallory");
    assertThatThrownBy(() -> SimulatedChain.builder().minSignedPerWindow("1.5"))
        .hasMessageContaining("minSignedPerWindow");
    assertThatThrownBy(() -> SimulatedChain.builder().build()).hasMessageContaining("at least one");
  }

  @Test
  void demoJailsTheOfflineValidatorAtTheDocumentedHeights() {
    SimulatedChain chain = Scenarios.demo().genesisTime(GENESIS).build();
    chain.produceBlocks(100);
    assertThat(chain.truth().validator("Dorado Infra").jailed()).isFalse();
    assertThat(chain.truth().validator("Dorado Infra").missedBlocksCounter()).isEqualTo(80);
    chain.produceBlocks(1);
    assertThat(chain.truth().validator("Dorado Infra").lastJailHeight()).isEqualTo(101);
    chain.produceBlocks(70);
    assertThat(chain.truth().validator("Dorado Infra").status()).isEqualTo(BondStatus.BONDED);
    assertThat(chain.truth().validator("Dorado Infra").startHeight()).isEqualTo(170);
    assertThat(chain.truth().validator("Borealis Nodes").nil()).isEqualTo(5);
    assertThat(setNames(chain, 42)).contains("Gemini Relay");
    chain.produceBlocks(200);
    assertThat(chain.truth().validator("Dorado Infra").lastJailHeight()).isEqualTo(371);
    assertThat(setNames(chain, 253)).doesNotContain("Gemini Relay");
  }

  @Test
  void packageDocumentationExampleJailsBobAtBlock101() {
    SimulatedChain chain = SimulatedChain.builder()
        .signedBlocksWindow(100)
        .validator("alice", 60_000_000)
        .validator("bob", 40_000_000)
        .offline("bob", 10, 200)
        .build();
    chain.produceBlocks(120);
    assertThat(chain.truth().validator("bob").jailed()).isTrue();
    assertThat(chain.truth().validator("bob").lastJailHeight()).isEqualTo(101);
  }
}
