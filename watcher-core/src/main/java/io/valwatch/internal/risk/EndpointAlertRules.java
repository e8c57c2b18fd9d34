package io.valwatch.internal.risk;

import io.valwatch.alert.AlertKey;
import io.valwatch.alert.Severity;
import io.valwatch.model.ChainStatus;
import io.valwatch.model.EndpointStatus;
import io.valwatch.risk.AlertKinds;
import io.valwatch.risk.RiskSettings;
import java.util.Map;
import java.util.Set;

/** The conditions of the endpoint kinds. An endpoint never checked yet is left alone. */
public final class EndpointAlertRules {
  private final RiskSettings settings;

  public EndpointAlertRules(RiskSettings settings) {
    this.settings = settings;
  }

  /** @param onAnotherChain the redacted endpoints known to serve another chain */
  public Verdicts evaluate(ChainStatus chain, Set<String> onAnotherChain) {
    Verdicts v = new Verdicts();
    long best = chain.endpoints().stream()
        .filter(EndpointStatus::up)
        .flatMapToLong(e -> e.height().stream())
        .max()
        .orElse(0);
    for (EndpointStatus e : chain.endpoints()) {
      String endpoint = e.endpoint();
      String lastError = e.lastError().orElse(null);
      Long height = e.height().isPresent() ? e.height().getAsLong() : null;
      Map<String, String> labels = Map.of("endpoint", endpoint);
      if (onAnotherChain.contains(endpoint)) {
        v.hold(condition(chain, endpoint, AlertKinds.ENDPOINT_WRONG_CHAIN,
            "Endpoint " + endpoint + " is on another chain",
            "It does not serve " + chain.chainId() + ": " + lastError + ". It is not used.", labels));
      } else if (!e.up()) {
        if (height == null && lastError == null) {
          continue;
        }
        v.hold(condition(chain, endpoint, AlertKinds.ENDPOINT_DOWN,
            "Endpoint " + endpoint + " is down",
            "Its last answer failed: " + lastError + ". The other endpoints take over.", labels));
      } else if (e.catchingUp()) {
        v.hold(condition(chain, endpoint, AlertKinds.ENDPOINT_CATCHING_UP,
            "Endpoint " + endpoint + " is catching up",
            "The node says it is still syncing (at height " + height + "). It is used only as a last resort.",
            labels));
      } else if (height != null && best - height > settings.lagBlocks()) {
        v.hold(condition(chain, endpoint, AlertKinds.ENDPOINT_LAGGING,
            "Endpoint " + endpoint + " is " + (best - height) + " blocks behind",
            "It reports height " + height + " while the best endpoint is at " + best + " (limit "
                + settings.lagBlocks() + " blocks).", labels));
      }
    }
    return v;
  }

  private static AlertCondition condition(
      ChainStatus chain, String endpoint, String kind, String summary, String description, Map<String, String> labels) {
    return new AlertCondition(new AlertKey(chain.chainId(), endpoint, kind), Severity.WARNING, summary, description, labels);
  }
}
