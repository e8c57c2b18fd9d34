package io.valwatch.exporter.http;

import io.valwatch.model.ChainHealth;
import io.valwatch.model.ChainStatus;
import java.util.ArrayList;
import java.util.List;

/** Whether the exporter is ready: what {@code /readyz} answers and what the heartbeat waits for. */
public final class Readiness {
  private Readiness() {}

  /**
   * Why the exporter is not ready, one line per chain and failing check; empty when every chain has a synced
   * endpoint and its watcher processes, persists and progresses.
   */
  public static List<String> problems(List<ChainStatus> chains) {
    List<String> problems = new ArrayList<>();
    for (ChainStatus c : chains) {
      ChainHealth h = c.health();
      if (!c.hasSyncedEndpoint()) {
        problems.add(c.chainId() + ": no synced RPC endpoint");
      }
      if (!h.processing()) {
        problems.add(c.chainId() + ": not processing: " + h.problem());
      }
      if (!h.persisting()) {
        problems.add(c.chainId() + ": not persisting: " + (h.processing() ? h.problem() : "state not saved"));
      }
      if (!h.progressing()) {
        problems.add(c.chainId() + ": not progressing" + (h.processing() && h.persisting() ? ": " + h.problem() : ""));
      }
    }
    return problems;
  }
}
