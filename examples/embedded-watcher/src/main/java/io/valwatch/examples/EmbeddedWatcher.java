package io.valwatch.examples;

import io.valwatch.Watcher;
import io.valwatch.event.MissedBlock;
import io.valwatch.event.ValidatorStatusChanged;
import io.valwatch.event.WatcherListener;
import io.valwatch.model.ChainSpec;
import io.valwatch.model.ChainStatus;
import io.valwatch.model.ValidatorStatus;
import io.valwatch.risk.RiskStatus;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;

/**
 * A service that embeds valwatch: it watches validators on one chain, prints every miss as it happens and
 * a status line for each validator every ten seconds.
 *
 * <pre>
 * java io.valwatch.examples.EmbeddedWatcher cosmoshub-4 https://rpc.cosmos.example cosmosvaloper1...
 * </pre>
 */
public final class EmbeddedWatcher {
  private EmbeddedWatcher() {}

  public static void main(String[] args) throws InterruptedException {
    if (args.length < 3) {
      System.err.println("usage: EmbeddedWatcher <chain-id> <rpc-url> <validator> [<validator>...]");
      System.exit(2);
    }
    List<String> validators = List.of(args).subList(2, args.length);
    try (Watcher watcher = watch(args[0], args[1], validators, Path.of("valwatch-state"), System.out)) {
      while (!Thread.currentThread().isInterrupted()) {
        Thread.sleep(Duration.ofSeconds(10).toMillis());
        watcher.status(args[0]).ifPresent(status -> printStatus(status, System.out));
      }
    }
  }

  /**
   * Builds and starts a watcher that reports misses and status changes to {@code out}, keeping its height
   * cursor in {@code stateDir} so that a restart resumes where it stopped.
   */
  public static Watcher watch(
      String chainId, String rpcUrl, List<String> validators, Path stateDir, PrintStream out) {
    ChainSpec.Builder chain = ChainSpec.builder(chainId).rpcEndpoint(rpcUrl);
    validators.forEach(chain::track);
    Watcher watcher =
        Watcher.builder()
            .chain(chain.build())
            .stateDirectory(stateDir)
            .listener(
                new WatcherListener() {
                  @Override
                  public void onMissedBlock(MissedBlock e) {
                    out.printf(
                        "%s missed height %d (%d in a row%s)%n",
                        e.identity(), e.height(), e.consecutiveMissedBlocks(), e.solo() ? ", network healthy" : "");
                  }

                  @Override
                  public void onValidatorStatusChanged(ValidatorStatusChanged e) {
                    out.printf(
                        "%s is now %s%s%n",
                        e.identity(), e.current().bondStatus(), e.current().jailed() ? " and jailed" : "");
                  }
                })
            .build();
    watcher.start();
    return watcher;
  }

  /** Prints one line per validator: uptime over the window and misses left before the downtime penalty. */
  public static void printStatus(ChainStatus status, PrintStream out) {
    for (ValidatorStatus v : status.validators()) {
      out.printf(
          "%s height %s: %s signed %d, missed %d, uptime %.2f%%, misses left before the penalty: %s%n",
          status.chainId(),
          status.latestHeight().isPresent() ? String.valueOf(status.latestHeight().getAsLong()) : "unknown",
          v.displayAddress(),
          v.signing().signedBlocks(),
          v.signing().missedBlocks(),
          100 * v.signing().uptimeRatio(),
          v.knownRisk().map(RiskStatus::blocksUntilPenalty).filter(OptionalLong::isPresent)
              .map(left -> String.valueOf(left.getAsLong())).orElse("unknown"));
    }
  }
}
