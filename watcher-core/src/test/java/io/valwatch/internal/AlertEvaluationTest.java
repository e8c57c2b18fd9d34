package io.valwatch.internal;

import static io.valwatch.internal.ScriptedNode.address;
import static org.assertj.core.api.Assertions.assertThat;

import io.valwatch.alert.Alert;
import io.valwatch.alert.AlertKey;
import io.valwatch.alert.AlertNotification;
import io.valwatch.alert.Severity;
import io.valwatch.event.WatcherListener;
import io.valwatch.internal.risk.AlertStore;
import io.valwatch.internal.risk.ManualClock;
import io.valwatch.internal.risk.StoredAlert;
import io.valwatch.internal.risk.TestStatuses;
import io.valwatch.model.BondStatus;
import io.valwatch.model.ChainSpec;
import io.valwatch.model.ChainStatus;
import io.valwatch.model.EndpointStatus;
import io.valwatch.model.GovernanceData;
import io.valwatch.model.LivenessRule;
import io.valwatch.model.StakingStatus;
import io.valwatch.model.TrackedValidator;
import io.valwatch.model.UpgradePlan;
import io.valwatch.model.ValidatorStatus;
import io.valwatch.risk.AlertKinds;
import io.valwatch.risk.AlertSettings;
import io.valwatch.risk.RiskLevel;
import io.valwatch.risk.RiskStatus;
import io.valwatch.rpc.CometRpcClient;
import io.valwatch.spi.ChainData;
import io.valwatch.spi.ChainDataSource;
import io.valwatch.tracker.RecentBlocks;
import io.valwatch.tracker.SigningStats;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * One chain's alert evaluation round by round on a clock the test moves: the stall timer, the upgrade's quiet
 * window, the second endpoint asked before a critical validator alert, one-shot facts, and alerts restored after
 * a restart that resolve only on fresh data.
 */
class AlertEvaluationTest {
  private static final String CHAIN = ScriptedNode.CHAIN;
  private static final String VALOPER = "cosmosvaloper1alpha";
  private static final String HEX = address(1);
  private static final TrackedValidator TRACKED = new TrackedValidator(VALOPER, "main");
  private static final LivenessRule RULE =
      new LivenessRule(100, 50, LivenessRule.Penalty.JAIL_FOR_DURATION, Duration.ofMinutes(10), 0, BigDecimal.ZERO);
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private static final AlertKey STALLED = new AlertKey(CHAIN, "", AlertKinds.CHAIN_STALLED);
  private static final AlertKey JAIL_IMMINENT = new AlertKey(CHAIN, VALOPER, AlertKinds.JAIL_IMMINENT);

  @StartStop final MockWebServer serverA = new MockWebServer();
  @StartStop final MockWebServer serverB = new MockWebServer();

  private final ScriptedNode a = new ScriptedNode(serverA, "a");
  private final ScriptedNode b = new ScriptedNode(serverB, "b");
  private final ManualClock clock = new ManualClock(T0);
  private final OkHttpClient http = new OkHttpClient();
  private final List<AlertNotification> notified = new CopyOnWriteArrayList<>();
  private final AlertStore store = AlertStore.inMemory();
  private long lastHeight = 1_000;
  private EndpointPool pool;

  @BeforeEach
  void validatorAbsentEverywhere() {
    for (ScriptedNode n : List.of(a, b)) {
      n.set = List.of(HEX, address(2));
      n.absent.put(1_000L, Set.of(HEX));
    }
  }

  @AfterEach
  void closeClient() {
    http.dispatcher().executorService().shutdown();
  }

  @Test
  void aChainIsStalledOnceNoHeightAdvancedForTheLimitOnTheClock() {
    AlertEvaluation evaluation = evaluation(a);
    Instant lastAdvance = clock.instant();
    ChainStatus status = chain(validator(RiskStatus.UNKNOWN, false));

    clock.advance(Duration.ofSeconds(59));
    evaluation.evaluate(status, round(lastAdvance, true));
    assertThat(kinds(evaluation)).as("a 5 s chain stalls after 60 s, the floor").isEmpty();
    assertThat(evaluation.nextDue()).as("time alone changes something then").isEqualTo(lastAdvance.plusSeconds(60));

    clock.advance(Duration.ofSeconds(1));
    evaluation.evaluate(status, round(lastAdvance, true));
    assertThat(kinds(evaluation)).containsExactly(AlertKinds.CHAIN_STALLED);
    assertThat(notified).singleElement().satisfies(n -> {
      assertThat(n.reason()).isEqualTo(AlertNotification.Reason.FIRING);
      assertThat(n.alert().summary()).isEqualTo(CHAIN + " has produced no block for over 60 s");
    });

    evaluation.evaluate(status, round(clock.instant(), true));
    clock.advance(Duration.ofSeconds(59));
    evaluation.evaluate(status, round(clock.instant(), true));
    assertThat(kinds(evaluation)).as("resolves 60 s after the condition went").containsExactly(AlertKinds.CHAIN_STALLED);
    clock.advance(Duration.ofSeconds(1));
    evaluation.evaluate(status, round(clock.instant(), true));
    assertThat(kinds(evaluation)).isEmpty();
    assertThat(notified).extracting(AlertNotification::reason)
        .containsExactly(AlertNotification.Reason.FIRING, AlertNotification.Reason.RESOLVED);
  }

  @Test
  void aStallIsNotJudgedBeforeProcessingStartedOrWithoutASyncedEndpoint() {
    AlertEvaluation evaluation = evaluation(a);
    Instant lastAdvance = clock.instant();
    clock.advance(Duration.ofMinutes(10));

    evaluation.evaluate(chain(validator(RiskStatus.UNKNOWN, false)), round(lastAdvance, false));
    ChainStatus noSyncedEndpoint =
        chain(List.of(validator(RiskStatus.UNKNOWN, false)), List.of(endpoint(true)));
    evaluation.evaluate(noSyncedEndpoint, round(lastAdvance, true));

    assertThat(kinds(evaluation)).doesNotContain(AlertKinds.CHAIN_STALLED);
  }

  @Test
  void anUpgradeHoldsTheStallAroundItsHeightEvenAfterThePlanIsGone() {
    AlertEvaluation evaluation = evaluation(a);
    evaluation.governanceRead(new GovernanceData(List.of(), Optional.of(new UpgradePlan("v2", 1_010, ""))));
    Instant lastAdvance = clock.instant();
    clock.advance(Duration.ofMinutes(10));
    ChainStatus status = chain(validator(RiskStatus.UNKNOWN, false));

    evaluation.evaluate(status, round(lastAdvance, true));
    assertThat(kinds(evaluation)).as("within the quiet window").doesNotContain(AlertKinds.CHAIN_STALLED)
        .contains(AlertKinds.withId(AlertKinds.UPGRADE_SCHEDULED, "v2"));

    evaluation.governanceRead(GovernanceData.none());
    lastHeight = 1_010 + 200;
    evaluation.evaluate(status, round(lastAdvance, true));
    assertThat(kinds(evaluation)).as("the plan is gone, its height remembered").doesNotContain(AlertKinds.CHAIN_STALLED);

    lastHeight = 1_010 + 201;
    evaluation.evaluate(status, round(lastAdvance, true));
    assertThat(kinds(evaluation)).contains(AlertKinds.CHAIN_STALLED);
  }

  @Test
  void aCriticalValidatorAlertFiresOnlyWhenASecondEndpointSeesTheAbsenceToo() {
    b.absent.clear();
    AlertEvaluation evaluation = evaluation(a, b);
    ChainStatus critical = chain(validator(new RiskStatus(RiskLevel.CRITICAL, OptionalLong.of(3L), 47,
            OptionalDouble.of(0.5), OptionalDouble.of(12.0),
            OptionalDouble.of(24.0), List.of("test")), false));

    evaluation.evaluate(critical, round(clock.instant(), true));
    assertThat(kinds(evaluation)).as("b saw the signature").doesNotContain(AlertKinds.JAIL_IMMINENT);
    assertThat(b.asked("block")).isEqualTo(1);
    assertThat(a.asked("block")).as("the preferred endpoint is not its own second opinion").isZero();

    b.absent.put(1_000L, Set.of(HEX));
    clock.advance(Duration.ofSeconds(5));
    evaluation.evaluate(critical, round(clock.instant(), true));
    assertThat(evaluation.active()).filteredOn(alert -> alert.key().equals(JAIL_IMMINENT)).singleElement()
        .satisfies(alert -> {
          assertThat(alert.severity()).isEqualTo(Severity.CRITICAL);
          assertThat(alert.firingSince()).isEqualTo(T0.plusSeconds(5));
        });
  }

  @Test
  void heightsFromAnotherBlockSourceAreNotCheckedAgainstCometBft() {
    b.absent.clear();
    AlertEvaluation evaluation = evaluation(a, b);
    ChainStatus critical = chain(validator(new RiskStatus(RiskLevel.CRITICAL, OptionalLong.of(3L), 47,
            OptionalDouble.of(0.5), OptionalDouble.of(12.0),
            OptionalDouble.of(24.0), List.of("test")), false));

    evaluation.evaluate(critical, new AlertEvaluation.Round(List.of(TRACKED), true, true, true, lastHeight, clock.instant(), false));

    assertThat(kinds(evaluation)).contains(AlertKinds.JAIL_IMMINENT);
    assertThat(b.asked("block")).isZero();
  }

  @Test
  void aJailingIsConfirmedFromTheStakingDataReadThroughAnotherEndpoint() {
    List<String> readThrough = new ArrayList<>();
    ChainData notJailed = ChainData.blocksOnly();
    AlertEvaluation evaluation = evaluation(List.of(a, b), client -> {
      readThrough.add(client.endpoint().redacted());
      return () -> notJailed;
    });

    evaluation.evaluate(chain(validator(RiskStatus.UNKNOWN, true)), round(clock.instant(), true));

    assertThat(readThrough).containsExactly("b");
    assertThat(kinds(evaluation)).as("b's staking data does not list the validator as jailed")
        .doesNotContain(AlertKinds.JAILED);
  }

  @Test
  void aCommissionChangeIsAlertedOnceAtTheNextEvaluation() {
    AlertEvaluation evaluation = evaluation(a);
    ChainStatus status = chain(validator(RiskStatus.UNKNOWN, false));
    evaluation.evaluate(status, round(clock.instant(), true));
    assertThat(notified).isEmpty();

    evaluation.commissionChanged(TRACKED, new BigDecimal("0.10"));
    evaluation.evaluate(status, round(clock.instant(), true));
    evaluation.evaluate(status, round(clock.instant(), true));
    clock.advance(Duration.ofMinutes(5));
    evaluation.evaluate(status, round(clock.instant(), true));

    assertThat(notified).singleElement().satisfies(n -> {
      assertThat(n.alert().key()).isEqualTo(new AlertKey(CHAIN, VALOPER, AlertKinds.COMMISSION_CHANGED));
      assertThat(n.alert().description()).contains("from 10", "to 5");
    });
  }

  @Test
  void anAlertFiringBeforeARestartResolvesOnlyOnceItsDataIsFreshAgain() {
    AlertEvaluation before = evaluation(a);
    ChainStatus critical = chain(validator(new RiskStatus(RiskLevel.CRITICAL, OptionalLong.of(3L), 47,
            OptionalDouble.of(0.5), OptionalDouble.of(12.0),
            OptionalDouble.of(24.0), List.of("test")), false));
    before.evaluate(critical, round(clock.instant(), true));
    assertThat(kinds(before)).contains(AlertKinds.JAIL_IMMINENT);
    assertThat(store.load(CHAIN)).extracting(StoredAlert::alert).extracting(Alert::key).contains(JAIL_IMMINENT);
    notified.clear();

    AlertEvaluation after = evaluation(a);
    assertThat(kinds(after)).as("restored, not notified again").contains(AlertKinds.JAIL_IMMINENT);
    ChainStatus healthy = chain(validator(RiskStatus.UNKNOWN, false));
    clock.advance(Duration.ofMinutes(5));
    after.evaluate(healthy, new AlertEvaluation.Round(List.of(TRACKED), true, false, true, lastHeight, clock.instant(), true));
    clock.advance(Duration.ofMinutes(5));
    after.evaluate(healthy, new AlertEvaluation.Round(List.of(TRACKED), true, false, true, lastHeight, clock.instant(), true));
    assertThat(kinds(after)).as("still catching up: the window is not known yet").contains(AlertKinds.JAIL_IMMINENT);

    after.evaluate(healthy, round(clock.instant(), true));
    clock.advance(Duration.ofSeconds(59));
    after.evaluate(healthy, round(clock.instant(), true));
    assertThat(kinds(after)).contains(AlertKinds.JAIL_IMMINENT);
    clock.advance(Duration.ofSeconds(1));
    after.evaluate(healthy, round(clock.instant(), true));
    assertThat(kinds(after)).doesNotContain(AlertKinds.JAIL_IMMINENT);
    assertThat(notified).extracting(AlertNotification::reason).containsExactly(AlertNotification.Reason.RESOLVED);
  }

  private AlertEvaluation evaluation(ScriptedNode... nodes) {
    return evaluation(List.of(nodes), client -> ChainData::blocksOnly);
  }

  private AlertEvaluation evaluation(
      List<ScriptedNode> nodes, Function<CometRpcClient, ChainDataSource> openOn) {
    ChainSpec.Builder spec = ChainSpec.builder(CHAIN).track(VALOPER, "main");
    List<CometRpcClient> clients = new ArrayList<>();
    for (ScriptedNode n : nodes) {
      CometRpcClient client = n.client(http);
      clients.add(client);
      spec.rpcEndpoint(client.endpoint().url().toString());
    }
    pool = new EndpointPool(CHAIN, clients, (e, m) -> {}, clock);
    pool.checkAll();
    WatcherListener listener = new WatcherListener() {
      @Override
      public void onAlert(AlertNotification n) {
        notified.add(n);
      }
    };
    return new AlertEvaluation(
        spec.build(), AlertSettings.defaults(), store, clock, new ChainEvents(CHAIN, List.of(listener)), pool,
        () -> lastHeight, new SecondOpinion(CHAIN, pool, openOn));
  }

  private AlertEvaluation.Round round(Instant lastAdvance, boolean started) {
    return new AlertEvaluation.Round(List.of(TRACKED), started, true, true, lastHeight, lastAdvance, true);
  }

  private static List<String> kinds(AlertEvaluation evaluation) {
    return evaluation.active().stream().map(alert -> alert.key().kind()).toList();
  }

  private static ValidatorStatus validator(RiskStatus risk, boolean jailed) {
    StakingStatus staking =
        TestStatuses.staking(VALOPER, jailed ? BondStatus.UNBONDING : BondStatus.BONDED, jailed, 5_000_000_000L, 2);
    return ValidatorStatus.builder()
        .identity(VALOPER)
        .label("main")
        .consensusAddressHex(HEX)
        .signing(new SigningStats(100, 0, 0, 0, 0, 0, 0, 100, 0))
        .staking(staking)
        .risk(risk)
        .recentBlocks(RecentBlocks.NONE)
        .build();
  }

  private ChainStatus chain(ValidatorStatus validator) {
    return chain(List.of(validator), List.of(endpoint(false)));
  }

  private ChainStatus chain(List<ValidatorStatus> validators, List<EndpointStatus> endpoints) {
    return ChainStatus.builder()
        .chainId(CHAIN)
        .pluginId("cosmos-sdk")
        .latestHeight(lastHeight)
        .blocksProcessed(1000)
        .gapBlocks(0)
        .activeValidators(2)
        .blockIntervalSeconds(5.0)
        .signedPowerRatio(1.0)
        .activeValidatorUptimeRatios(List.of())
        .seatPriceTokens(BigInteger.valueOf(1_000_000_000))
        .maxValidators(100)
        .livenessRule(RULE)
        .validators(validators)
        .endpoints(endpoints)
        .activeAlerts(List.of())
        .build();
  }

  private static EndpointStatus endpoint(boolean catchingUp) {
    return EndpointStatus.builder()
        .endpoint("a")
        .up(true)
        .height(1_001L)
        .catchingUp(catchingUp)
        .requests(Map.of())
        .build();
  }
}
