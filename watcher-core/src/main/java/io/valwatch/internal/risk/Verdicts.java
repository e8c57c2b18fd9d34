package io.valwatch.internal.risk;

import io.valwatch.alert.AlertKey;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * What one round of evaluation found: the conditions that hold, and the keys whose state must not change
 * this round although they were evaluated (held by the upgrade quiet window).
 */
public final class Verdicts {
  private final List<AlertCondition> holding = new ArrayList<>();
  private final Set<AlertKey> held = new HashSet<>();

  public void hold(AlertCondition condition) {
    holding.add(condition);
  }

  public void keepAsIs(AlertKey key) {
    held.add(key);
  }

  public void addAll(Verdicts other) {
    holding.addAll(other.holding);
    held.addAll(other.held);
  }

  /** These verdicts with each condition passed through {@code replace}. */
  Verdicts replacing(UnaryOperator<AlertCondition> replace) {
    Verdicts copy = new Verdicts();
    holding.forEach(c -> copy.holding.add(replace.apply(c)));
    copy.held.addAll(held);
    return copy;
  }

  public List<AlertCondition> holding() {
    return List.copyOf(holding);
  }

  public Set<AlertKey> held() {
    return Set.copyOf(held);
  }
}
