package io.valwatch.internal;

import io.valwatch.action.Confirmation;
import io.valwatch.alert.Alert;
import io.valwatch.alert.AlertKey;
import io.valwatch.alert.AlertNotification;
import io.valwatch.internal.risk.AlertBook;
import io.valwatch.internal.risk.AlertCondition;
import io.valwatch.internal.risk.AlertStore;
import io.valwatch.internal.risk.ChainAlertRules;
import io.valwatch.internal.risk.EndpointAlertRules;
import io.valwatch.internal.risk.GovernanceAlertRules;
import io.valwatch.internal.risk.ValidatorAlertRules;
import io.valwatch.internal.risk.ValidatorFacts;
import io.valwatch.internal.risk.Verdicts;
import io.valwatch.model.BondStatus;
import io.valwatch.model.ChainSpec;
import io.valwatch.model.ChainStatus;
import io.valwatch.model.EndpointStatus;
import io.valwatch.model.GovernanceData;
import io.valwatch.model.TrackedValidator;
import io.valwatch.model.UpgradePlan;
import io.valwatch.model.ValidatorStatus;
import io.valwatch.risk.AlertKinds;
import io.valwatch.risk.AlertSettings;
import io.valwatch.spi.SigningInfo;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongSupplier;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns each round's chain status into alert conditions and hands them to the {@link AlertBook}: runs the
 * validator, chain, endpoint and governance rules, holds noisy alerts around a scheduled upgrade, says which
 * conditions were read from fresh data, and asks a second endpoint before a critical validator alert fires.
 * Keeps the facts that alert once (double signs, commission and consensus key changes, missed proposals)
 * until the next evaluation, and the last governance read. Used on the chain's thread only.
 */
final class AlertEvaluation implements TrackedValidators.Changes {
  // The chain's log lines share the runner's category, as before the runner was split.
  private static final Logger log = LoggerFactory.getLogger(AlertEvaluation.class);

  /**
   * What the runner knows about this round besides the status.
   *
   * @param tracked the tracked validators, in the order of the status's validators
   * @param started whether processing has chosen its start height
   * @param caughtUp whether every processable height has been processed
   * @param stakingFresh whether the staking data has been read since start
   * @param newestSeen the newest processable height the block source has reported
   * @param lastAdvance when that height last advanced
   * @param cometBlocks whether heights come from CometBFT RPC, which a second endpoint can confirm
   */
  record Round(
      List<TrackedValidator> tracked,
      boolean started,
      boolean caughtUp,
      boolean stakingFresh,
      long newestSeen,
      Instant lastAdvance,
      boolean cometBlocks) {}

  private final ChainSpec spec;
  private final Clock clock;
  private final ChainEvents events;
  private final EndpointPool pool;
  /** The last height recorded, 0 before the first. */
  private final LongSupplier lastHeight;
  private final SecondOpinion secondOpinion;
  private final ValidatorAlertRules validatorRules;
  private final ChainAlertRules chainRules;
  private final EndpointAlertRules endpointRules;
  private final GovernanceAlertRules governanceRules = new GovernanceAlertRules();
  private final AlertBook alerts;
  /** Double-sign evidence seen since start: consensus address to the height of the block carrying it. */
  private final Map<String, Long> doubleSigns = new HashMap<>();
  /** Changes seen at the last staking refresh, alerted once at the next evaluation. */
  private final Map<TrackedValidator, BigDecimal> commissionChanges = new HashMap<>();
  private final Map<TrackedValidator, String> keyChanges = new HashMap<>();
  /** Heights a tracked validator was due to propose in round 0 and did not get its block committed, alerted once. */
  private final Map<TrackedValidator, Long> missedProposals = new HashMap<>();
  private GovernanceData governance;
  /** The validators the cached verdicts were judged on; {@code null} when they must be judged again. */
  private List<ValidatorStatus> validatorsJudged;
  private boolean quietJudged;
  private Verdicts validatorVerdicts;
  private Set<String> subjects = Set.of();
  private long upgradeHeight;
  private Instant nextDue = Instant.MIN;

  /** Restores the alerts still firing from before a restart from {@code alertStore}. */
  AlertEvaluation(
      ChainSpec spec,
      AlertSettings alerting,
      AlertStore alertStore,
      Clock clock,
      ChainEvents events,
      EndpointPool pool,
      LongSupplier lastHeight,
      SecondOpinion secondOpinion) {
    this.spec = spec;
    this.clock = clock;
    this.events = events;
    this.pool = pool;
    this.lastHeight = lastHeight;
    this.secondOpinion = secondOpinion;
    this.validatorRules = new ValidatorAlertRules(spec.risk());
    this.chainRules = new ChainAlertRules(spec.risk());
    this.endpointRules = new EndpointAlertRules(spec.risk());
    this.alerts = new AlertBook(spec.chainId(), alerting, clock, alertStore, this::notifyAlert);
  }

  /** The alerts firing now; safe from any thread. */
  List<Alert> active() {
    return alerts.active();
  }

  /** Remembers the first block carrying evidence that a tracked validator signed twice. */
  void doubleSignSeen(String addressHex, long height) {
    doubleSigns.putIfAbsent(addressHex, height);
  }

  void proposalMissed(TrackedValidator validator, long height) {
    missedProposals.put(validator, height);
  }

  @Override
  public void consensusKeyChanged(TrackedValidator validator, String previousAddressHex) {
    keyChanges.put(validator, previousAddressHex);
  }

  @Override
  public void commissionChanged(TrackedValidator validator, BigDecimal previousRate) {
    commissionChanges.put(validator, previousRate);
  }

  /** The last governance read; {@code null} before the first. */
  GovernanceData governance() {
    return governance;
  }

  /** A fresh governance read; its upgrade height is remembered after the plan is gone. */
  void governanceRead(GovernanceData data) {
    governance = data;
    governance.upgradePlan().ifPresent(plan -> upgradeHeight = plan.height());
  }

  /**
   * One round of alert evaluation over a status. The validator rules read only the status's validators and
   * the facts they were given, so while the validators are the same (the same list), the quiet window the
   * same and no one-shot fact is new, their verdicts of the previous round are used again: a round that only
   * lets time pass costs the chain-wide rules and the lifecycle's timers, not a pass over every validator.
   */
  void evaluate(ChainStatus status, Round round) {
    Instant now = clock.instant();
    boolean quiet = inUpgradeQuietWindow(round);
    boolean oneShotFacts = !commissionChanges.isEmpty() || !keyChanges.isEmpty() || !missedProposals.isEmpty();
    boolean judged = status.validators() != validatorsJudged || quiet != quietJudged || oneShotFacts || validatorVerdicts == null;
    if (judged) {
      validatorVerdicts = validatorVerdicts(status, round.tracked(), quiet);
      validatorsJudged = oneShotFacts ? null : status.validators();
      quietJudged = quiet;
      subjects = status.validators().stream().map(ValidatorStatus::displayAddress).collect(Collectors.toSet());
    }
    Verdicts verdicts = new Verdicts();
    verdicts.addAll(validatorVerdicts);
    Optional<UpgradePlan> plan = governance == null ? Optional.empty() : governance.upgradePlan();
    verdicts.addAll(chainRules.evaluate(status, Duration.between(round.lastAdvance(), now), plan, quiet));
    verdicts.addAll(endpointRules.evaluate(status, pool.onAnotherChain()));
    if (governance != null) {
      verdicts.addAll(governanceRules.evaluate(status, governance, now));
    }
    alerts.evaluate(verdicts, key -> fresh(key, status, subjects, round), c -> confirm(c, status, round));
    if (judged) {
      validatorVerdicts = alerts.sharing(validatorVerdicts);
    }
    commissionChanges.clear();
    keyChanges.clear();
    missedProposals.clear();
    nextDue = earliest(alerts.nextDue(), later(now, chainRules.stalledAt(status, round.lastAdvance())));
    if (governance != null) {
      nextDue = earliest(nextDue, governanceRules.nextChange(governance, now));
    }
  }

  /**
   * The earliest time at which an evaluation with the same status would change an alert, as of the last
   * {@link #evaluate}: an alert's timer (pending, reminder, resolve), the chain counting as stalled, a
   * proposal's deadline. Until then a round that only lets time pass has nothing to evaluate.
   */
  Instant nextDue() {
    return nextDue;
  }

  /** {@code at} when it is after {@code now}, otherwise {@link Instant#MAX}: it has passed and holds already. */
  private static Instant later(Instant now, Instant at) {
    return at.isAfter(now) ? at : Instant.MAX;
  }

  private static Instant earliest(Instant a, Instant b) {
    return a.isBefore(b) ? a : b;
  }

  private Verdicts validatorVerdicts(ChainStatus status, List<TrackedValidator> tracked, boolean quiet) {
    Verdicts verdicts = new Verdicts();
    for (int i = 0; i < tracked.size(); i++) {
      TrackedValidator t = tracked.get(i);
      ValidatorStatus v = status.validators().get(i);
      Long doubleSign = v.consensusAddressHex().map(doubleSigns::get).orElse(null);
      verdicts.addAll(
          validatorRules.evaluate(status, new ValidatorFacts(
                  v, doubleSign, commissionChanges.get(t), keyChanges.get(t), missedProposals.get(t)),
              quiet));
    }
    return verdicts;
  }

  /**
   * Around a scheduled upgrade height (from {@code upgradeSilenceBefore} heights before it to
   * {@code upgradeSilenceAfter} after it) noisy alerts are held. The height is remembered after the plan is
   * gone, since the chain drops the plan when it upgrades.
   */
  private boolean inUpgradeQuietWindow(Round round) {
    long h = Math.max(lastHeight.getAsLong(), round.newestSeen());
    return upgradeHeight > 0
        && h >= upgradeHeight - spec.risk().upgradeSilenceBefore()
        && h <= upgradeHeight + spec.risk().upgradeSilenceAfter();
  }

  /**
   * Whether a key's condition was evaluated on fresh data this round. After a restart an alert persisted as
   * firing is only resolved once the data its condition reads is fresh again: blocks caught up for signing
   * kinds, a staking refresh for staking kinds, a governance read for governance kinds.
   */
  private boolean fresh(AlertKey key, ChainStatus status, Set<String> validatorSubjects, Round round) {
    String family = AlertKinds.family(key.kind());
    boolean signing = round.caughtUp();
    boolean stakingFresh = round.stakingFresh();
    return switch (AlertKinds.scope(key.kind())) {
      case VALIDATOR -> {
        if (!validatorSubjects.contains(key.subject())) {
          // No tracked validator goes by this name (any more): resolve once every name is known.
          yield stakingFresh && signing;
        }
        yield switch (family) {
          case AlertKinds.JAIL_IMMINENT -> stakingFresh && signing;
          case AlertKinds.CONSECUTIVE_MISSES, AlertKinds.DOUBLE_SIGN -> signing;
          case AlertKinds.GOVERNANCE_VOTE_MISSING, AlertKinds.UPGRADE_SCHEDULED -> governance != null;
          case AlertKinds.COMMISSION_CHANGED, AlertKinds.CONSENSUS_KEY_CHANGED, AlertKinds.MISSED_PROPOSAL -> true;
          default -> stakingFresh;
        };
      }
      case CHAIN -> switch (family) {
        case AlertKinds.CHAIN_STALLED -> round.started() && status.hasSyncedEndpoint();
        case AlertKinds.UPGRADE_SCHEDULED -> governance != null;
        case AlertKinds.WATCHER_FAILING, AlertKinds.STATE_NOT_SAVED -> true;
        default -> status.endpoints().stream().anyMatch(AlertEvaluation::checked);
      };
      case ENDPOINT -> status.endpoints().stream()
          .noneMatch(e -> e.endpoint().equals(key.subject()) && !checked(e));
    };
  }

  private static boolean checked(EndpointStatus e) {
    return e.up() || e.height().isPresent() || e.lastError().isPresent();
  }

  /** Asks a second endpoint before a critical validator alert fires, when the chain has more than one. */
  private boolean confirm(AlertCondition condition, ChainStatus status, Round round) {
    return secondOpinion(condition.key(), status, round.cometBlocks()) != Confirmation.CONTRADICTED;
  }

  /**
   * What an endpoint other than the preferred one says about a validator alert's condition now. Kinds it
   * cannot be asked about (and validators without a known consensus address) are {@link
   * Confirmation#UNCHECKABLE}; signing kinds are, too, when blocks come from a plugin's own source.
   *
   * @param cometBlocks whether heights come from CometBFT RPC, which a second endpoint can confirm
   */
  Confirmation secondOpinion(AlertKey key, ChainStatus status, boolean cometBlocks) {
    if (spec.endpoints().size() < 2) {
      return Confirmation.SINGLE_ENDPOINT;
    }
    ValidatorStatus v =
        status.validators().stream()
            .filter(s -> s.displayAddress().equals(key.subject()))
            .findFirst()
            .orElse(null);
    if (v == null || v.consensusAddressHex().isEmpty()) {
      return Confirmation.UNCHECKABLE;
    }
    String hex = v.consensusAddressHex().get();
    return switch (AlertKinds.family(key.kind())) {
      case AlertKinds.JAIL_IMMINENT, AlertKinds.CONSECUTIVE_MISSES ->
          cometBlocks ? secondOpinion.absence(hex, lastHeight.getAsLong()) : Confirmation.UNCHECKABLE;
      case AlertKinds.DOUBLE_SIGN -> cometBlocks && doubleSigns.containsKey(hex)
          ? secondOpinion.evidence(hex, doubleSigns.get(hex))
          : Confirmation.UNCHECKABLE;
      case AlertKinds.JAILED -> secondOpinion.staking(
          "jailing of " + v.displayAddress(),
          data -> data.validators().stream()
              .anyMatch(i -> hex.equals(i.consensusAddressHex()) && i.jailed()));
      case AlertKinds.TOMBSTONED -> secondOpinion.staking(
          "tombstoning of " + v.displayAddress(),
          data -> Optional.ofNullable(data.signingInfos().get(hex)).map(SigningInfo::tombstoned).orElse(false));
      case AlertKinds.INACTIVE -> secondOpinion.staking(
          "inactivity of " + v.displayAddress(),
          data -> data.validators().stream()
              .anyMatch(i -> hex.equals(i.consensusAddressHex()) && i.status() != BondStatus.BONDED));
      default -> Confirmation.UNCHECKABLE;
    };
  }

  private void notifyAlert(AlertNotification n) {
    log.info(
        "chain {}: alert {} {} ({}): {}",
        spec.chainId(), n.alert().key().id(), n.reason(), n.alert().severity(), n.alert().summary());
    events.emit(l -> l.onAlert(n));
  }
}
