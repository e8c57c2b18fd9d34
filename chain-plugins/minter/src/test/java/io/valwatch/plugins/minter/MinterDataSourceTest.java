package io.valwatch.plugins.minter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.valwatch.model.BondStatus;
import io.valwatch.model.LivenessRule;
import io.valwatch.simnet.ManualClock;
import io.valwatch.simnet.minter.MinterApiServer;
import io.valwatch.simnet.minter.MinterChain;
import io.valwatch.simnet.minter.MinterValidatorTruth;
import io.valwatch.spi.ChainData;
import io.valwatch.spi.ChainDataSource;
import io.valwatch.spi.SigningInfo;
import io.valwatch.spi.ValidatorInfo;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class MinterDataSourceTest {
  private static final Instant GENESIS = Instant.parse("2024-01-01T00:00:00Z");

  private final ManualClock clock = new ManualClock(Instant.parse("2030-01-01T00:00:00Z"));
  private final MinterChain chain = MinterChain.builder()
      .jailBlocks(30)
      .candidate("alice", 3_000)
      .candidate("bob", 2_000)
      .candidate("carol", 1_000)
      .candidate("dave", 500)
      .maxValidators(3)
      .offline("bob", 10, 100)
      .build();
  private MinterApiServer server;

  @BeforeEach
  void start() throws IOException {
    server = MinterApiServer.start(chain);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private ChainDataSource open(Map<String, Object> options) {
    return new MinterPlugin().open(Contexts.of(chain.network(), clock, options, server.url()));
  }

  private ValidatorInfo validator(ChainData data, String name) {
    String key = chain.publicKey(name);
    return data.validators().stream().filter(v -> v.operatorAddress().equals(key)).findFirst().orElseThrow();
  }

  @Test
  void candidatesBecomeValidatorInfos() throws IOException {
    chain.produceUntil(5);

    ChainData data = open(Map.of()).fetch();

    MinterValidatorTruth truth = chain.truth().candidate("alice");
    ValidatorInfo alice = validator(data, "alice");
    assertThat(data.validators()).hasSize(4);
    assertThat(alice.consensusAddressHex()).isEqualTo(truth.consensusAddressHex());
    assertThat(alice.tokens()).isEqualTo(truth.totalStake());
    assertThat(alice.tokensByDenom()).containsExactly(Map.entry("pip", truth.totalStake()));
    assertThat(alice.votingPower()).isEqualTo(3_000);
    assertThat(alice.status()).isEqualTo(BondStatus.BONDED);
    assertThat(alice.jailed()).isFalse();
    assertThat(alice.commissionRate()).isEqualByComparingTo("0.10");
    assertThat(alice.moniker()).isEmpty();
    ValidatorInfo dave = validator(data, "dave");
    assertThat(dave.status()).isEqualTo(BondStatus.UNBONDED);
    assertThat(dave.votingPower()).isZero();
    assertThat(data.stakingParams().orElseThrow().maxValidators()).isEqualTo(64);
    assertThat(data.stakingParams().orElseThrow().bondDenom()).isEqualTo("pip");
    assertThat(data.slashingParams()).isEmpty();
  }

  @Test
  void theDefaultRuleIsV2JailForBlocks() throws IOException {
    chain.produceUntil(2);

    LivenessRule rule = open(Map.of()).fetch().livenessRule().orElseThrow();

    assertThat(rule).isEqualTo(new LivenessRule(24, 12, LivenessRule.Penalty.JAIL_FOR_BLOCKS, Duration.ZERO,
        17_280, BigDecimal.ZERO));
  }

  @Test
  void blocksUntilPenaltyFollowsTheChainsCounterAndReachesZeroBeforeTheThirteenthMiss() throws IOException {
    ChainDataSource source = open(Map.of("jail_blocks", 30));
    String bobAddress = chain.truth().candidate("bob").consensusAddressHex();

    for (long h = 10; h <= 22; h++) {
      chain.produceUntil(h);
      ChainData data = source.fetch();
      long counter = data.signingInfos().get(bobAddress).missedBlocksCounter();
      long untilPenalty = data.livenessRule().orElseThrow().blocksUntilPenalty(counter);

      // block H records the absence of H-1; bob is absent from 10, so block H holds H-10 absences
      assertThat(counter).as("absences at %d", h).isEqualTo(h - 10);
      assertThat(untilPenalty).as("blocks until penalty at %d", h).isEqualTo(12 - (h - 10))
          .isEqualTo(chain.truth().candidate("bob").blocksUntilPenalty());
    }
    assertThat(chain.truth().candidate("bob").validator()).isTrue(); // 12 misses and 0 to go: not yet punished

    chain.produceUntil(23);
    ChainData punished = source.fetch();
    ValidatorInfo bob = validator(punished, "bob");
    SigningInfo bobSigning = punished.signingInfos().get(bobAddress);
    assertThat(bob.jailed()).isTrue();
    assertThat(bob.status()).isEqualTo(BondStatus.UNBONDED);
    assertThat(bobSigning.missedBlocksCounter()).isZero();
    // jailed until block 23 + 30, estimated from block 23's time at 5 s per block
    assertThat(bobSigning.jailedUntil()).isEqualTo(GENESIS.plusSeconds(5 * 23).plusSeconds(5 * 30));
  }

  @Test
  void jailEndUsesTheConfiguredBlockTime() throws IOException {
    chain.produceUntil(23);

    ChainData data = open(Map.of("block_time", "2s")).fetch();

    SigningInfo bob = data.signingInfos().get(chain.truth().candidate("bob").consensusAddressHex());
    assertThat(bob.jailedUntil()).isEqualTo(GENESIS.plusSeconds(5 * 23).plusSeconds(2 * 30));
  }

  @Test
  void aJailThatEndedIsNoLongerJailed() throws IOException {
    chain.produceUntil(23 + 30 + 1);

    ChainData data = open(Map.of()).fetch();

    assertThat(validator(data, "bob").jailed()).isFalse();
    assertThat(data.signingInfos().get(chain.truth().candidate("bob").consensusAddressHex()).jailedUntil())
        .isEqualTo(GENESIS.plusSeconds(5 * 53));
  }

  @Test
  void onlyValidatorsAndJailedCandidatesHaveSigningInfos() throws IOException {
    chain.produceUntil(5);

    ChainData data = open(Map.of()).fetch();

    assertThat(data.signingInfos()).containsOnlyKeys(
        chain.truth().candidate("alice").consensusAddressHex(),
        chain.truth().candidate("bob").consensusAddressHex(),
        chain.truth().candidate("carol").consensusAddressHex());
    assertThat(data.signingInfos().values()).allSatisfy(s -> assertThat(s.jailedUntil()).isEqualTo(Instant.EPOCH));
  }

  @Test
  void aRefreshCostsThreeBulkRequestsAndOneAbsenceQueryPerValidator() throws IOException {
    chain.produceUntil(5);

    open(Map.of()).fetch();

    assertThat(server.requestCount("status")).isEqualTo(1);
    assertThat(server.requestCount("candidates")).isEqualTo(1);
    assertThat(server.requestCount("validators")).isEqualTo(1);
    assertThat(server.requestCount("missed_blocks")).isEqualTo(3);
    assertThat(server.requestCount("candidate")).isZero();
  }

  @Test
  void v1RulesSlashOnePercentAndSwitchOff() throws IOException {
    chain.produceUntil(2);

    LivenessRule rule = open(Map.of("rules", "v1")).fetch().livenessRule().orElseThrow();

    assertThat(rule.penalty()).isEqualTo(LivenessRule.Penalty.SWITCH_OFF);
    assertThat(rule.slashFraction()).isEqualByComparingTo("0.01");
    assertThat(rule.windowBlocks()).isEqualTo(24);
    assertThat(rule.maxMissedBlocks()).isEqualTo(12);
    assertThat(rule.jailBlocks()).isZero();
  }

  @Test
  void anotherNetworkIsRefused() {
    chain.produceUntil(2);
    ChainDataSource source = new MinterPlugin().open(Contexts.of("minter-mainnet-9", clock, Map.of(), server.url()));

    assertThatThrownBy(source::fetch).isInstanceOf(IOException.class)
        .hasMessageContaining("'minter-simnet-1'").hasMessageContaining("'minter-mainnet-9'");
  }

  @Test
  void stakeIsKeptExactly() throws IOException {
    chain.produceUntil(2);

    assertThat(validator(open(Map.of()).fetch(), "dave").tokens())
        .isEqualTo(BigInteger.valueOf(500).multiply(BigInteger.TEN.pow(18)));
  }
}
