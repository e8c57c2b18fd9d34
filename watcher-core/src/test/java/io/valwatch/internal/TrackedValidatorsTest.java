package io.valwatch.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.valwatch.event.ValidatorStatusChanged;
import io.valwatch.event.WatcherListener;
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
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * What each staking refresh finds about the tracked validators (keys, commission, status), and network mode's
 * choice of tracked validators and its newcomer check per height.
 */
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
    return ValidatorInfo.builder()
        .operatorAddress(Bech32.encode("cosmosvaloper", operator))
        .consensusKey(ConsensusKey.fromBase64(KeyType.ED25519, Base64.getEncoder().encodeToString(key)))
        .moniker(moniker)
        .tokens(BigInteger.valueOf(tokens))
        .tokensByDenom(Map.of())
        .votingPower(status == BondStatus.BONDED ? tokens / 1_000_000 : 0)
        .status(status)
        .jailed(false)
        .commissionRate(BigDecimal.ZERO)
        .build();
  }

  private static StakingView staking(ValidatorInfo... validators) {
    return new StakingView(
        ChainData.builder()
            .validators(List.of(validators))
            .stakingParams(Optional.empty())
            .slashingParams(Optional.empty())
            .livenessRule(Optional.empty())
            .signingInfos(Map.of())
            .build());
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

  private static final String OPERATOR = Bech32.encode("cosmosvaloper", filled(20, 1));

  /** A validator of operator 1 with the consensus key of {@code keyNumber}. */
  private static ValidatorInfo listed(int keyNumber, String commission, boolean jailed) {
    return ValidatorInfo.builder()
        .operatorAddress(OPERATOR)
        .consensusKey(ConsensusKey.fromBase64(KeyType.ED25519, Base64.getEncoder().encodeToString(filled(32, keyNumber))))
        .moniker("alpha")
        .tokens(BigInteger.valueOf(50_000_000))
        .tokensByDenom(Map.of())
        .votingPower(jailed ? 0 : 50)
        .status(jailed ? BondStatus.UNBONDING : BondStatus.BONDED)
        .jailed(jailed)
        .commissionRate(new BigDecimal(commission))
        .build();
  }

  private static byte[] filled(int length, int value) {
    byte[] bytes = new byte[length];
    Arrays.fill(bytes, (byte) value);
    return bytes;
  }

  /** Records what a refresh reports. */
  private static final class Recorded implements TrackedValidators.Changes {
    final List<String> changes = new ArrayList<>();

    @Override
    public void consensusKeyChanged(TrackedValidator validator, String previousAddressHex) {
      changes.add("key of " + validator.label() + " was " + previousAddressHex);
    }

    @Override
    public void commissionChanged(TrackedValidator validator, BigDecimal previousRate) {
      changes.add("commission of " + validator.label() + " was " + previousRate);
    }
  }

  private final List<ValidatorStatusChanged> statusChanges = new ArrayList<>();

  private TrackedValidators listing(String... identities) {
    WatcherListener listener = new WatcherListener() {
      @Override
      public void onValidatorStatusChanged(ValidatorStatusChanged event) {
        statusChanges.add(event);
      }
    };
    return new TrackedValidators(
        "net-1",
        Arrays.stream(identities).map(id -> new TrackedValidator(id, "main")).toList(),
        Optional.empty(),
        new ChainEvents("net-1", List.of(listener)));
  }

  @Test
  void aRotatedConsensusKeyIsReportedWithTheAddressItSignedWithBefore() {
    TrackedValidators tracked = listing(OPERATOR);
    TrackedValidator t = tracked.all().get(0);
    Recorded recorded = new Recorded();
    String before = listed(1, "0.05", false).consensusAddressHex();
    String after = listed(9, "0.05", false).consensusAddressHex();

    tracked.resolve(staking(listed(1, "0.05", false)), List.of(), recorded);
    assertThat(tracked.addressOf(t)).isEqualTo(before);
    assertThat(recorded.changes).as("the first resolution is no change").isEmpty();

    tracked.resolve(staking(listed(9, "0.05", false)), List.of(), recorded);
    assertThat(recorded.changes).containsExactly("key of main was " + before);
    assertThat(tracked.addressOf(t)).isEqualTo(after);
    assertThat(tracked.signsAs(before)).isFalse();
    assertThat(tracked.signingAs(after)).containsExactly(t);

    tracked.resolve(staking(listed(9, "0.05", false)), List.of(), recorded);
    assertThat(recorded.changes).as("reported once").hasSize(1);
  }

  @Test
  void aCommissionChangeIsReportedWithThePreviousRateButNotARewriteOfTheSameRate() {
    TrackedValidators tracked = listing(OPERATOR);
    Recorded recorded = new Recorded();

    tracked.resolve(staking(listed(1, "0.05", false)), List.of(), recorded);
    tracked.resolve(staking(listed(1, "0.050000000000000000", false)), List.of(), recorded);
    assertThat(recorded.changes).isEmpty();

    tracked.resolve(staking(listed(1, "0.10", false)), List.of(), recorded);
    assertThat(recorded.changes).containsExactly("commission of main was 0.050000000000000000");
  }

  @Test
  void aStatusChangeIsAnEventOncePerChange() {
    TrackedValidators tracked = listing(OPERATOR);

    tracked.resolve(staking(listed(1, "0.05", false)), List.of(), NO_CHANGES);
    tracked.resolve(staking(listed(1, "0.05", false)), List.of(), NO_CHANGES);
    assertThat(statusChanges).singleElement().satisfies(e -> {
      assertThat(e.previous()).as("first seen").isNull();
      assertThat(e.current().bondStatus()).isEqualTo(BondStatus.BONDED);
    });

    tracked.resolve(staking(listed(1, "0.05", true)), List.of(), NO_CHANGES);
    tracked.resolve(staking(listed(1, "0.05", true)), List.of(), NO_CHANGES);
    assertThat(statusChanges).hasSize(2);
    ValidatorStatusChanged jailed = statusChanges.get(1);
    assertThat(jailed.identity()).isEqualTo(OPERATOR);
    assertThat(jailed.previous().jailed()).isFalse();
    assertThat(jailed.current().jailed()).isTrue();
    assertThat(jailed.current().bondStatus()).isEqualTo(BondStatus.UNBONDING);
  }

  @Test
  void aValidatorUnknownToStakingStaysUnresolvedUntilItAppears() {
    TrackedValidators tracked = listing(OPERATOR);
    TrackedValidator t = tracked.all().get(0);

    tracked.resolve(staking(), List.of(), NO_CHANGES);
    assertThat(tracked.addressOf(t)).isNull();
    assertThat(tracked.stakingStatusOf(t)).isNull();
    assertThat(statusChanges).isEmpty();

    tracked.resolve(staking(listed(1, "0.05", false)), List.of(), NO_CHANGES);
    assertThat(tracked.addressOf(t)).isEqualTo(listed(1, "0.05", false).consensusAddressHex());
    assertThat(tracked.stakingStatusOf(t).operatorAddress()).contains(OPERATOR);
    assertThat(tracked.operatorAddresses()).containsExactly(OPERATOR);
  }

  @Test
  void anIdentityThatDoesNotParseIsSkippedAndAConsensusAddressNeedsNoStakingData() {
    String hex = listed(1, "0.05", false).consensusAddressHex();
    TrackedValidators tracked = listing("not a validator", hex);

    assertThat(tracked.all()).extracting(TrackedValidator::identity).containsExactly(hex);
    tracked.resolve(null, List.of(), NO_CHANGES);
    assertThat(tracked.addressOf(tracked.all().get(0))).isEqualTo(hex);
    assertThat(tracked.signsAs(hex)).isTrue();
  }
}
