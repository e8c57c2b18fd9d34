package io.valwatch.internal.risk;

import static org.assertj.core.api.Assertions.assertThat;

import io.valwatch.alert.AlertKey;
import io.valwatch.alert.Severity;
import io.valwatch.model.BondStatus;
import io.valwatch.model.ChainStatus;
import io.valwatch.model.DisplayUnit;
import io.valwatch.model.EndpointStatus;
import io.valwatch.model.GovernanceData;
import io.valwatch.model.LivenessRule;
import io.valwatch.model.StakingStatus;
import io.valwatch.model.UpgradePlan;
import io.valwatch.model.ValidatorStatus;
import io.valwatch.model.VotingProposal;
import io.valwatch.risk.AlertKinds;
import io.valwatch.risk.RiskLevel;
import io.valwatch.risk.RiskSettings;
import io.valwatch.risk.RiskStatus;
import io.valwatch.tracker.RecentBlocks;
import io.valwatch.tracker.SigningStats;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Each kind's condition, threshold and default severity, and what the upgrade quiet window holds. */
class AlertRulesTest {
  private static final String VALOPER = "cosmosvaloper1alpha";
  private static final String HEX = "A1B2C3D4E5F60718293A4B5C6D7E8F9012345678";
  private static final LivenessRule RULE =
      new LivenessRule(100, 50, LivenessRule.Penalty.JAIL_FOR_DURATION, Duration.ofMinutes(10), 0, BigDecimal.ZERO);
  private static final Instant NOW = Instant.parse("2024-05-01T12:00:00Z");

  private final RiskSettings settings = RiskSettings.defaults();
  private final ValidatorAlertRules validatorRules = new ValidatorAlertRules(settings);

  private static StakingStatus staking(BondStatus bond, boolean jailed, long tokens, int rank) {
    return TestStatuses.staking(VALOPER, bond, jailed, tokens, rank);
  }

  private static ValidatorStatus validator(StakingStatus staking, long consecutive, RiskStatus risk) {
    return ValidatorStatus.builder()
        .identity(VALOPER)
        .label("main")
        .consensusAddressHex(HEX)
        .signing(new SigningStats(100, consecutive, 0, 0, 0, consecutive, consecutive, 100, 0))
        .staking(staking)
        .risk(risk)
        .recentBlocks(RecentBlocks.NONE)
        .build();
  }

  private static RiskStatus risk(RiskLevel level, long left) {
    return new RiskStatus(level, OptionalLong.of(left), 0,
            OptionalDouble.of(0.5), OptionalDouble.of(12.0),
            OptionalDouble.of(6.0 * (left + 1)), List.of("test"));
  }

  private static ChainStatus chain(List<ValidatorStatus> validators, List<EndpointStatus> endpoints, int active, Integer max) {
    return ChainStatus.builder()
        .chainId("test-1")
        .pluginId("cosmos-sdk")
        .latestHeight(1000L)
        .blocksProcessed(1000)
        .gapBlocks(0)
        .activeValidators(active)
        .blockIntervalSeconds(6.0)
        .signedPowerRatio(1.0)
        .activeValidatorUptimeRatios(List.of())
        .seatPriceTokens(BigInteger.valueOf(1_000_000_000))
        .maxValidators(max)
        .livenessRule(RULE)
        .validators(validators)
        .endpoints(endpoints)
        .activeAlerts(List.of())
        .build();
  }

  private static EndpointStatus endpoint(String url, boolean up, Long height, boolean catchingUp, String error) {
    return EndpointStatus.builder()
        .endpoint(url)
        .up(up)
        .height(height)
        .catchingUp(catchingUp)
        .requests(Map.of())
        .lastError(error)
        .build();
  }

  private static final List<EndpointStatus> HEALTHY = List.of(endpoint("http://127.0.0.1:1", true, 1001L, false, null));

  private Verdicts evaluate(ValidatorStatus v, boolean quiet) {
    return validatorRules.evaluate(chain(List.of(v), HEALTHY, 10, 100), new ValidatorFacts(v, null, null, null, null), quiet);
  }

  private static List<String> kinds(Verdicts v) {
    return v.holding().stream().map(c -> c.key().kind() + ":" + c.severity()).toList();
  }

  @Test
  void jailImminentFollowsTheRiskLevelWithTheValidatorsLabels() {
    StakingStatus bonded = staking(BondStatus.BONDED, false, 5_000_000_000L, 2);
    assertThat(kinds(evaluate(validator(bonded, 0, risk(RiskLevel.OK, 40)), false))).isEmpty();
    assertThat(kinds(evaluate(validator(bonded, 0, risk(RiskLevel.WARNING, 20)), false)))
        .containsExactly("jail_imminent:WARNING");
    Verdicts critical = evaluate(validator(bonded, 0, risk(RiskLevel.CRITICAL, 3)), false);
    assertThat(kinds(critical)).containsExactly("jail_imminent:CRITICAL");
    AlertCondition c = critical.holding().get(0);
    assertThat(c.key()).isEqualTo(new AlertKey("test-1", VALOPER, AlertKinds.JAIL_IMMINENT));
    assertThat(c.labels()).containsEntry("moniker", "alpha").containsEntry("label", "main").containsEntry("identity", VALOPER);
    assertThat(c.summary()).contains("3 more missed blocks");
  }

  @Test
  void consecutiveMissesWarnAtTheThreshold() {
    StakingStatus bonded = staking(BondStatus.BONDED, false, 5_000_000_000L, 2);
    assertThat(kinds(evaluate(validator(bonded, 9, RiskStatus.UNKNOWN), false))).isEmpty();
    assertThat(kinds(evaluate(validator(bonded, 10, RiskStatus.UNKNOWN), false))).containsExactly("consecutive_misses:WARNING");
  }

  @Test
  void jailedTombstonedAndInactive() {
    StakingStatus jailed = staking(BondStatus.UNBONDING, true, 5_000_000_000L, 0);
    assertThat(kinds(evaluate(validator(jailed, 0, risk(RiskLevel.CRITICAL, 0)), false)))
        .as("a jailed validator is not also jail-imminent or inactive")
        .containsExactly("jailed:CRITICAL");
    StakingStatus tombstoned = StakingStatus.builder()
        .operatorAddress(VALOPER)
        .moniker("alpha")
        .tokens(BigInteger.TEN)
        .votingPower(0L)
        .bondStatus(BondStatus.UNBONDED)
        .jailed(true)
        .tombstoned(true)
        .jailedUntil(Instant.MAX)
        .chainMissedBlocksCounter(0L)
        .tokensByDenom(Map.of())
        .build();
    assertThat(kinds(evaluate(validator(tombstoned, 0, RiskStatus.UNKNOWN), false)))
        .containsExactly("jailed:CRITICAL", "tombstoned:CRITICAL");
    StakingStatus unbonded = staking(BondStatus.UNBONDED, false, 5_000_000_000L, 0);
    assertThat(kinds(evaluate(validator(unbonded, 0, RiskStatus.UNKNOWN), false))).containsExactly("inactive:WARNING");
  }

  @Test
  void seatPriceMarginOnlyWhenTheSetIsFull() {
    StakingStatus nearPrice = staking(BondStatus.BONDED, false, 1_040_000_000L, 50);
    ValidatorStatus v = validator(nearPrice, 0, RiskStatus.UNKNOWN);
    assertThat(kinds(validatorRules.evaluate(chain(List.of(v), HEALTHY, 100, 100), new ValidatorFacts(v, null, null, null, null), false)))
        .containsExactly("seat_price_margin:WARNING");
    assertThat(kinds(validatorRules.evaluate(chain(List.of(v), HEALTHY, 90, 100), new ValidatorFacts(v, null, null, null, null), false)))
        .isEmpty();
    StakingStatus wellAbove = staking(BondStatus.BONDED, false, 1_060_000_000L, 97);
    ValidatorStatus w = validator(wellAbove, 0, RiskStatus.UNKNOWN);
    assertThat(kinds(validatorRules.evaluate(chain(List.of(w), HEALTHY, 100, 100), new ValidatorFacts(w, null, null, null, null), false)))
        .isEmpty();
    StakingStatus nearRank = staking(BondStatus.BONDED, false, 1_060_000_000L, 98);
    ValidatorStatus r = validator(nearRank, 0, RiskStatus.UNKNOWN);
    assertThat(kinds(validatorRules.evaluate(chain(List.of(r), HEALTHY, 100, 100), new ValidatorFacts(r, null, null, null, null), false)))
        .containsExactly("seat_price_margin:WARNING");
  }

  @Test
  void theSeatPriceMessageShowsAmountsInTheChainsDisplayUnit() {
    ValidatorStatus v = validator(staking(BondStatus.BONDED, false, 1_040_500_000L, 50), 0, RiskStatus.UNKNOWN);
    ChainStatus base = chain(List.of(v), HEALTHY, 100, 100);
    ChainStatus inAtom = base.toBuilder()
        .displayUnit(new DisplayUnit("ATOM", 6))
        .build();
    ValidatorFacts facts = new ValidatorFacts(v, null, null, null, null);
    assertThat(validatorRules.evaluate(inAtom, facts, false).holding().get(0).description())
        .contains("ranked 50 of 100 with 1040.5 ATOM; the seat price is 1000 ATOM.");
    assertThat(validatorRules.evaluate(base, facts, false).holding().get(0).description())
        .as("base units without a display unit")
        .contains("with 1040500000 tokens; the seat price is 1000000000 tokens.");
  }

  @Test
  void doubleSignCommissionAndKeyChanges() {
    StakingStatus bonded = staking(BondStatus.BONDED, false, 5_000_000_000L, 2);
    ValidatorStatus v = validator(bonded, 0, RiskStatus.UNKNOWN);
    Verdicts verdicts = validatorRules.evaluate(
        chain(List.of(v), HEALTHY, 10, 100),
        new ValidatorFacts(v, 990L, new BigDecimal("0.10"), "0011223344556677889900112233445566778899", 995L), false);
    assertThat(kinds(verdicts))
        .containsExactly(
            "double_sign:CRITICAL", "commission_changed:INFO", "consensus_key_changed:INFO", "missed_proposal:INFO");
    assertThat(verdicts.holding().get(0).description()).contains("height 990");
    assertThat(verdicts.holding().get(1).description()).contains("from 10 % to 5 %");
    assertThat(verdicts.holding().get(3).description()).contains("propose height 995 in round 0");
  }

  @Test
  void missedProposalIsAOneShotInfo() {
    assertThat(AlertKinds.oneShot(AlertKinds.MISSED_PROPOSAL)).isTrue();
    assertThat(AlertKinds.scope(AlertKinds.MISSED_PROPOSAL)).isEqualTo(AlertKinds.Scope.VALIDATOR);
    ValidatorStatus v = validator(staking(BondStatus.BONDED, false, 5_000_000_000L, 2), 0, RiskStatus.UNKNOWN);
    assertThat(kinds(evaluate(v, false))).doesNotContain("missed_proposal:INFO");
  }

  @Test
  void theUpgradeQuietWindowHoldsStreaksAndJailImminentShortOfTheCriticalLine() {
    StakingStatus bonded = staking(BondStatus.BONDED, false, 5_000_000_000L, 2);
    Verdicts warning = evaluate(validator(bonded, 20, risk(RiskLevel.WARNING, 20)), true);
    assertThat(warning.holding()).isEmpty();
    assertThat(warning.held()).containsExactlyInAnyOrder(
        new AlertKey("test-1", VALOPER, AlertKinds.JAIL_IMMINENT),
        new AlertKey("test-1", VALOPER, AlertKinds.CONSECUTIVE_MISSES));

    // Critical by the time rule only (20 left is above the critical line of 5): held too.
    Verdicts criticalByTime = evaluate(validator(bonded, 20, risk(RiskLevel.CRITICAL, 20)), true);
    assertThat(criticalByTime.holding()).isEmpty();

    // At the critical blocks-left line the jailing is near whatever the upgrade does: it goes through.
    Verdicts criticalByJail = evaluate(validator(bonded, 20, risk(RiskLevel.CRITICAL, 5)), true);
    assertThat(kinds(criticalByJail)).containsExactly("jail_imminent:CRITICAL");

    ChainAlertRules chainRules = new ChainAlertRules(settings);
    ChainStatus c = chain(List.of(), HEALTHY, 10, 100);
    Verdicts quietChain = chainRules.evaluate(c, Duration.ofMinutes(10), Optional.empty(), true);
    assertThat(quietChain.holding()).isEmpty();
    assertThat(quietChain.held()).containsExactly(new AlertKey("test-1", "", AlertKinds.CHAIN_STALLED));
  }

  @Test
  void chainStalledAfterFiveIntervalsButNotBeforeAMinute() {
    ChainAlertRules rules = new ChainAlertRules(settings);
    ChainStatus c = chain(List.of(), HEALTHY, 10, 100);
    assertThat(kinds(rules.evaluate(c, Duration.ofSeconds(59), Optional.empty(), false))).isEmpty();
    assertThat(kinds(rules.evaluate(c, Duration.ofSeconds(60), Optional.empty(), false))).containsExactly("chain_stalled:CRITICAL");
    ChainStatus slow = ChainStatus.builder()
        .chainId("test-1")
        .pluginId("cosmos-sdk")
        .latestHeight(1000L)
        .blocksProcessed(1000)
        .gapBlocks(0)
        .activeValidators(10)
        .blockIntervalSeconds(30.0)
        .signedPowerRatio(1.0)
        .activeValidatorUptimeRatios(List.of())
        .livenessRule(RULE)
        .validators(List.of())
        .endpoints(HEALTHY)
        .activeAlerts(List.of())
        .build();
    assertThat(kinds(rules.evaluate(slow, Duration.ofSeconds(149), Optional.empty(), false))).isEmpty();
    assertThat(kinds(rules.evaluate(slow, Duration.ofSeconds(150), Optional.empty(), false))).containsExactly("chain_stalled:CRITICAL");
  }

  @Test
  void upgradeScheduledOncePerPlanWithTheProjectedTime() {
    ChainAlertRules rules = new ChainAlertRules(settings);
    Verdicts v = rules.evaluate(chain(List.of(), HEALTHY, 10, 100), Duration.ZERO,
        Optional.of(new UpgradePlan("v2", 1600, "")), false);
    assertThat(kinds(v)).containsExactly("upgrade_scheduled_v2:INFO");
    assertThat(v.holding().get(0).description()).contains("height 1600, in about 1h");
    assertThat(AlertKinds.family("upgrade_scheduled_v2")).isEqualTo(AlertKinds.UPGRADE_SCHEDULED);
  }

  @Test
  void noHealthyEndpointAndEachEndpointCondition() {
    EndpointAlertRules rules = new EndpointAlertRules(settings);
    List<EndpointStatus> endpoints = List.of(
        endpoint("http://127.0.0.1:1", true, 1000L, false, null),
        endpoint("http://127.0.0.1:2", false, 990L, false, "connection refused"),
        endpoint("http://127.0.0.1:3", true, 500L, true, null),
        endpoint("http://127.0.0.1:4", true, 989L, false, null),
        endpoint("http://127.0.0.1:5", true, 990L, false, null),
        endpoint("http://127.0.0.1:6", false, null, false, "endpoint is on chain 'other-1'"),
        endpoint("http://127.0.0.1:7", false, null, false, null));
    Verdicts v = rules.evaluate(chain(List.of(), endpoints, 10, 100), Set.of("http://127.0.0.1:6"));
    assertThat(v.holding()).extracting(c -> c.key().subject() + " " + c.key().kind() + " " + c.severity())
        .containsExactly(
            "http://127.0.0.1:2 endpoint_down WARNING",
            "http://127.0.0.1:3 endpoint_catching_up WARNING",
            "http://127.0.0.1:4 endpoint_lagging WARNING",
            "http://127.0.0.1:6 endpoint_wrong_chain WARNING");

    ChainAlertRules chainRules = new ChainAlertRules(settings);
    List<EndpointStatus> none = List.of(endpoint("http://127.0.0.1:2", false, 990L, false, "refused"),
        endpoint("http://127.0.0.1:3", true, 500L, true, null));
    assertThat(kinds(chainRules.evaluate(chain(List.of(), none, 10, 100), Duration.ZERO, Optional.empty(), false)))
        .containsExactly("no_healthy_endpoint:CRITICAL");
  }

  @Test
  void governanceVoteMissingBecomesAWarningWithinADayOfTheDeadline() {
    StakingStatus bonded = staking(BondStatus.BONDED, false, 5_000_000_000L, 2);
    ChainStatus c = chain(List.of(validator(bonded, 0, RiskStatus.UNKNOWN)), HEALTHY, 10, 100);
    GovernanceData gov = new GovernanceData(List.of(
        new VotingProposal(7, "Raise the community tax", NOW.plus(Duration.ofDays(3)), Set.of()),
        new VotingProposal(8, "", NOW.plus(Duration.ofHours(20)), Set.of()),
        new VotingProposal(9, "", NOW.plus(Duration.ofHours(2)), Set.of(VALOPER)),
        new VotingProposal(6, "", NOW.minus(Duration.ofHours(1)), Set.of())), Optional.empty());
    Verdicts v = new GovernanceAlertRules().evaluate(c, gov, NOW);
    assertThat(kinds(v)).containsExactly("governance_vote_missing_7:INFO", "governance_vote_missing_8:WARNING");
    assertThat(v.holding().get(0).description()).contains("Raise the community tax");
  }
}
