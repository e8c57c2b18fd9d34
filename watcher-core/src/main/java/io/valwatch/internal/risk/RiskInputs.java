package io.valwatch.internal.risk;

import io.valwatch.model.LivenessRule;
import java.time.Duration;

/**
 * What the risk of one validator is computed from.
 *
 * @param rule the chain's liveness rule, {@code null} when unknown
 * @param chainCounter the chain's missed-blocks counter, {@code null} when the chain gives none
 * @param missedSinceChainCounter misses the watcher saw at heights the counter does not cover yet
 * @param watcherWindowMissed misses in the watcher's own window (the rule's length), used without a counter
 * @param recentMissed misses among the recent heights
 * @param recentInSet recent heights the validator was in the set for
 * @param meanBlockInterval the chain's mean block interval, {@code null} when unknown
 * @param jailed whether the chain says it is jailed
 * @param tombstoned whether the chain says it is tombstoned
 */
public record RiskInputs(
    LivenessRule rule,
    Long chainCounter,
    long missedSinceChainCounter,
    long watcherWindowMissed,
    long recentMissed,
    long recentInSet,
    Duration meanBlockInterval,
    boolean jailed,
    boolean tombstoned) {}
