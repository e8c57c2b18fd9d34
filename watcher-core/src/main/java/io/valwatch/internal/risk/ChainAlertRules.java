package io.valwatch.internal.risk;

import io.valwatch.alert.AlertKey;
import io.valwatch.alert.Severity;
import io.valwatch.model.ChainHealth;
import io.valwatch.model.ChainStatus;
import io.valwatch.model.UpgradePlan;
import io.valwatch.risk.AlertKinds;
import io.valwatch.risk.RiskSettings;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * The conditions of the chain kinds: stalled, no healthy endpoint, upgrade scheduled, and the watcher's own
 * health on the chain (failing, state not saved).
 */
public final class ChainAlertRules {
  private static final Duration MIN_STALL = Duration.ofSeconds(60);

  private final RiskSettings settings;

  public ChainAlertRules(RiskSettings settings) {
    this.settings = settings;
  }

  /**
   * @param sinceNewBlock how long ago the watcher last saw the chain's height advance
   * @param upgrade the scheduled upgrade, if any
   * @param quiet whether the chain is in an upgrade's quiet window, which holds {@code chain_stalled}
   */
  public Verdicts evaluate(ChainStatus chain, Duration sinceNewBlock, Optional<UpgradePlan> upgrade, boolean quiet) {
    Verdicts v = new Verdicts();
    String chainId = chain.chainId();
    Duration limit = stallLimit(chain);
    AlertKey stalled = new AlertKey(chainId, "", AlertKinds.CHAIN_STALLED);
    if (quiet) {
      v.keepAsIs(stalled);
    } else if (sinceNewBlock.compareTo(limit) >= 0) {
      // The text says what held when it fired and stays the same while it holds, so that the time alone does
      // not change the alert: a round that only lets time pass then has nothing to publish.
      v.hold(new AlertCondition(stalled, Severity.CRITICAL,
          chainId + " has produced no block for over " + limit.toSeconds() + " s",
          "No new block since height "
              + (chain.latestHeight().isPresent() ? String.valueOf(chain.latestHeight().getAsLong()) : "null")
              + " for over " + limit.toSeconds()
              + " s, the limit. The chain may have halted; check the validators' channels.",
          Map.of()));
    }
    if (!chain.endpoints().isEmpty() && !chain.hasSyncedEndpoint()) {
      v.hold(new AlertCondition(new AlertKey(chainId, "", AlertKinds.NO_HEALTHY_ENDPOINT), Severity.CRITICAL,
          "No healthy endpoint left for " + chainId,
          "Every RPC endpoint of " + chainId + " is down, catching up or on another chain: the validators are not "
              + "watched. Add or repair an endpoint.",
          Map.of()));
    }
    ChainHealth health = chain.health();
    if (!health.processing() || !health.progressing()) {
      v.hold(new AlertCondition(new AlertKey(chainId, "", AlertKinds.WATCHER_FAILING), Severity.CRITICAL,
          "valwatch is not processing " + chainId,
          "The watcher does not process the heights of " + chainId + ": " + health.problem()
              + ". It retries with back-off; the validators are not watched meanwhile. See the log.",
          Map.of()));
    }
    if (!health.persisting()) {
      v.hold(new AlertCondition(new AlertKey(chainId, "", AlertKinds.STATE_NOT_SAVED), Severity.WARNING,
          "valwatch cannot save the state of " + chainId,
          "Heights are processed and exported, but " + health.problem()
              + ". A restart would process them again and start the windows afresh. Check the state directory's"
              + " permissions and free space.",
          Map.of()));
    }
    upgrade.ifPresent(plan -> {
      String when = "";
      OptionalLong latest = chain.latestHeight();
      OptionalDouble interval = chain.blockIntervalSeconds();
      if (latest.isPresent() && interval.isPresent() && plan.height() > latest.getAsLong()) {
        long seconds = Math.round((plan.height() - latest.getAsLong()) * interval.getAsDouble());
        when = ", in about " + Duration.ofSeconds(seconds).toString().substring(2).toLowerCase(java.util.Locale.ROOT);
      }
      v.hold(new AlertCondition(
          new AlertKey(chainId, "", AlertKinds.withId(AlertKinds.UPGRADE_SCHEDULED, plan.name())), Severity.INFO,
          chainId + " upgrades to " + plan.name() + " at height " + plan.height(),
          "The chain halts at height " + plan.height() + when + " for the upgrade " + plan.name()
              + ". Have the new binary ready." + (plan.info().isBlank() ? "" : " Plan info: " + plan.info()),
          Map.of("upgrade", plan.name())));
    });
    return v;
  }

  /** When the chain, whose height last advanced at {@code lastAdvance}, counts as stalled. */
  public Instant stalledAt(ChainStatus chain, Instant lastAdvance) {
    return lastAdvance.plus(stallLimit(chain));
  }

  private Duration stallLimit(ChainStatus chain) {
    if (chain.blockIntervalSeconds().isEmpty()) {
      return MIN_STALL;
    }
    Duration byInterval = Duration.ofMillis(Math.round(chain.blockIntervalSeconds().getAsDouble() * settings.stallFactor() * 1000));
    return byInterval.compareTo(MIN_STALL) > 0 ? byInterval : MIN_STALL;
  }
}
