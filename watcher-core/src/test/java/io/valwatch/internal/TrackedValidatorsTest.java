package io.valwatch.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.valwatch.identity.Bech32;
import io.valwatch.identity.ConsensusKey;
import io.valwatch.identity.KeyType;
import io.valwatch.model.BondStatus;
import io.valwatch.model.NetworkMode;
import io.valwatch.model.TrackedValidator;
import io.valwatch.model.ValidatorFilter;
import io.valwatch.rpc.BlockIdFlag;
import io.valwatch.spi.ChainData;
import io.valwatch.spi.ValidatorInfo;
import io.valwatch.tracker.Vote;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Network mode's choice of tracked validators at each staking refresh, and its newcomer check per height. */
class TrackedValidatorsTest {
  private static final TrackedValidators.Changes NO_CHANGES =
      new TrackedValidators.Changes() {
        @Override
        public void consensusKeyChanged(TrackedValidator validator, String previousAddressHex) {}

        @Override
        public void commissionChanged(TrackedValidator validator, BigDecimal previousRate) {}
      };

  private static ValidatorInfo validator(int n, String moniker, long tokens, BondStatus status) {
    byte[] operator = new byte[20];
    Arrays.fill(operator, (byte) n);
    byte[] key = new byte[32];
    Arrays.fill(key, (byte) n);
    return new ValidatorInfo(
        Bech32.encode("cosmosvaloper", operator),
        ConsensusKey.fromBase64(KeyType.ED25519, Base64.getEncoder().encodeToString(key)),
        moniker,
        BigInteger.valueOf(tokens),
        Map.of(),
        status == BondStatus.BONDED ? tokens / 1_000_000 : 0,
        status,
        false,
        BigDecimal.ZERO);
  }

  private static StakingView staking(ValidatorInfo... validators) {
    return new StakingView(
        new ChainData(List.of(validators), Optional.empty(), Optional.empty(), Optional.empty(), Map.of()));
  }

  private static TrackedValidators network(NetworkMode mode) {
    return new TrackedValidators("net-1", List.of(), Optional.of(mode), new ChainEvents("net-1", List.of()));
  }

  private static List<String> monikers(TrackedValidators tracked, ValidatorInfo... all) {
    return tracked.all().stream()
        .map(t -> Arrays.stream(all).filter(v -> v.operatorAddress().equals(t.identity())).findFirst().orElseThrow())
        .map(ValidatorInfo::moniker)
        .toList();
  }

  @Test
  void filtersThenKeepsTheHighestRankedUpToTheCap() {
    ValidatorInfo a = validator(1, "alpha", 50_000_000, BondStatus.BONDED);
    ValidatorInfo b = validator(2, "test-beta", 40_000_000, BondStatus.BONDED);
    ValidatorInfo c = validator(3, "gamma", 30_000_000, BondStatus.BONDED);
    ValidatorInfo d = validator(4, "delta", 20_000_000, BondStatus.BONDED);
    ValidatorInfo e = validator(5, "epsilon", 60_000_000, BondStatus.UNBONDED);
    TrackedValidators tracked = network(new NetworkMode(List.of(), List.of(ValidatorFilter.moniker("test-*")), 2));

    tracked.resolve(staking(a, b, c, d, e), List.of(), NO_CHANGES);

    assertThat(monikers(tracked, a, b, c, d, e)).as("test-beta excluded, delta beyond the cap, epsilon unbonded")
        .containsExactly("alpha", "gamma");
    assertThat(tracked.addressOf(tracked.all().get(0))).isEqualTo(a.consensusAddressHex());
  }

  @Test
  void aValidatorThatLeavesStaysWhileUnbondingAndGoesWhenUnbonded() {
    ValidatorInfo a = validator(1, "alpha", 50_000_000, BondStatus.BONDED);
    ValidatorInfo b = validator(2, "beta", 40_000_000, BondStatus.BONDED);
    ValidatorInfo newcomer = validator(3, "gamma", 30_000_000, BondStatus.UNBONDING);
    TrackedValidators tracked = network(NetworkMode.all());
    tracked.resolve(staking(a, b), List.of(), NO_CHANGES);

    ValidatorInfo bUnbonding = validator(2, "beta", 40_000_000, BondStatus.UNBONDING);
    tracked.resolve(staking(a, bUnbonding, newcomer), List.of(), NO_CHANGES);
    assertThat(monikers(tracked, a, b, newcomer)).as("beta was tracked; gamma never was nor is in the set")
        .containsExactly("alpha", "beta");

    tracked.resolve(staking(a, validator(2, "beta", 40_000_000, BondStatus.UNBONDED)), List.of(), NO_CHANGES);
    assertThat(monikers(tracked, a, b)).containsExactly("alpha");
    assertThat(tracked.signsAs(b.consensusAddressHex())).isFalse();
  }

  @Test
  void aNewcomerInTheSetStartsOneRefreshAndIsSelectedEvenIfItLeftSince() {
    ValidatorInfo a = validator(1, "alpha", 50_000_000, BondStatus.BONDED);
    ValidatorInfo jailed = validator(2, "beta", 40_000_000, BondStatus.UNBONDING);
    TrackedValidators tracked = network(NetworkMode.all());
    tracked.resolve(staking(a, jailed), List.of(), NO_CHANGES);
    List<Vote> set =
        List.of(
            new Vote(a.consensusAddressHex(), 50, BlockIdFlag.COMMIT),
            new Vote(jailed.consensusAddressHex(), 40, BlockIdFlag.ABSENT));

    assertThat(tracked.newcomerIn(set)).as("beta signs in a height being caught up").isTrue();
    assertThat(tracked.newcomerIn(set)).as("once per newcomer").isFalse();
    tracked.resolve(staking(a, jailed), List.of(a.consensusAddressHex()), NO_CHANGES);

    assertThat(monikers(tracked, a, jailed)).containsExactly("alpha", "beta");
    assertThat(tracked.signsAs(jailed.consensusAddressHex())).isTrue();
  }

  @Test
  void withoutStakingDataTheSetIsTrackedByConsensusAddress() {
    TrackedValidators tracked = network(NetworkMode.all());
    String hex = validator(7, "x", 1, BondStatus.BONDED).consensusAddressHex();

    tracked.resolve(null, List.of(hex), NO_CHANGES);

    assertThat(tracked.all()).containsExactly(TrackedValidator.of(hex));
    assertThat(tracked.addressOf(TrackedValidator.of(hex))).isEqualTo(hex);
  }

  @Test
  void aListNeverLooksForNewcomers() {
    TrackedValidators listed =
        new TrackedValidators("net-1", List.of(), Optional.empty(), new ChainEvents("net-1", List.of()));
    assertThat(listed.newcomerIn(List.of(new Vote("AB".repeat(20), 1, BlockIdFlag.COMMIT)))).isFalse();
  }
}
