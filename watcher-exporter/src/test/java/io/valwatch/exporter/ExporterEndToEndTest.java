package io.valwatch.exporter;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.valwatch.Watcher;
import io.valwatch.exporter.config.ListenAddress;
import io.valwatch.model.ChainSpec;
import io.valwatch.simnet.ChainTruth;
import io.valwatch.simnet.Scenarios;
import io.valwatch.simnet.SimnetServer;
import io.valwatch.simnet.SimulatedChain;
import io.valwatch.simnet.ValidatorTruth;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The exporter against a simulated chain: every count it exposes must equal the simulator's truth, and it
 * must not ask the node for more than it needs.
 */
@Timeout(120)
class ExporterEndToEndTest {
  private static final int BLOCKS = 400;
  private static final Pattern SAMPLE = Pattern.compile("^([a-z_]+)\\{([^}]*)} (\\S+)$");
  private static final Pattern LABEL = Pattern.compile("([a-z_]+)=\"([^\"]*)\"");

  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void metricsMatchTheSimulatorsTruthWithOneBlockRequestPerHeight() throws Exception {
    // Dorado Infra is jailed at 101 and at 371, Borealis Nodes votes nil, Gemini Relay joins and leaves.
    SimulatedChain chain = Scenarios.demo().genesisTime(Instant.parse("2026-01-01T00:00:00Z")).build();
    chain.produceBlocks(BLOCKS - 1);
    // The watcher counts proposers of the heights it processed: up to BLOCKS - 1.
    ChainTruth proposersTruth = chain.truth();
    chain.produceBlocks(1);
    ChainTruth truth = chain.truth();
    assertThat(truth.latestHeight()).isEqualTo(BLOCKS);
    assertThat(truth.validator("Dorado Infra").jailed()).isTrue();

    try (SimnetServer node = SimnetServer.start(chain)) {
      ChainSpec.Builder spec =
          ChainSpec.builder(chain.chainId())
              .rpcEndpoint(node.url())
              .startHeight(1)
              .pollInterval(Duration.ofMillis(200))
              .stakingRefreshInterval(Duration.ofSeconds(1));
      truth.validators().values().forEach(v -> spec.track(v.operatorAddress(), "e2e"));
      Watcher watcher = Watcher.builder().chain(spec.build()).build();

      Map<String, Double> samples;
      long blockRequests;
      long validatorRequests;
      try (Exporter exporter = Exporter.start(watcher, new ListenAddress("127.0.0.1", 0))) {
        samples = scrapeUntilCaughtUp(exporter.port(), truth);
        blockRequests = node.requestCount("block");
        validatorRequests = node.requestCount("validators");
      }

      long processed = BLOCKS - 1;
      assertThat(samples.get("valwatch_chain_height")).isEqualTo(processed);
      assertThat(samples.get("valwatch_chain_blocks_processed_total")).isEqualTo(processed);
      assertThat(samples.get("valwatch_chain_gap_blocks_total")).isZero();
      for (ValidatorTruth v : truth.validators().values()) {
        String who = v.operatorAddress();
        assertThat(samples.get("valwatch_validator_signed_blocks_total/" + who)).as(v.name() + " signed").isEqualTo(v.signed());
        assertThat(samples.get("valwatch_validator_missed_blocks_total/" + who)).as(v.name() + " missed").isEqualTo(v.missed());
        assertThat(samples.get("valwatch_validator_nil_votes_total/" + who)).as(v.name() + " nil").isEqualTo(v.nil());
        assertThat(samples.get("valwatch_validator_proposed_blocks_total/" + who))
            .as(v.name() + " proposed")
            .isEqualTo(proposersTruth.validator(v.name()).proposed());
        assertThat(samples.get("valwatch_validator_jailed/" + who)).as(v.name() + " jailed").isEqualTo(v.jailed() ? 1 : 0);
        assertThat(samples.get("valwatch_validator_solo_missed_blocks_total/" + who)).as(v.name() + " solo misses")
            .isEqualTo(chain.soloMisses(v.name(), 1, processed, 0.9));
        assertThat(samples.get("valwatch_validator_missed_proposals_total/" + who)).as(v.name() + " missed proposals")
            .isEqualTo(judgedMissedProposals(chain, v.name(), processed));
        double uptime = chain.window(v.name(), processed, 100).uptime();
        assertThat(samples.get("valwatch_validator_uptime_ratio/" + who)).as(v.name() + " uptime")
            .isEqualTo(Double.isNaN(uptime) ? null : uptime);
      }
      assertThat(chain.missedProposals("Dorado Infra", 1, processed)).isPositive();

      // Only now: counting the set changes costs requests of its own.
      long setChanges = validatorSetChanges(node.url(), processed);
      // A height committed in a later round costs the set of the height before, to find round 0's proposer.
      long laterRounds = LongStream.rangeClosed(2, processed).filter(h -> chain.heightTruth(h).round() > 0).count();
      assertThat(laterRounds).as("Dorado Infra misses proposals while offline").isPositive();
      assertThat(blockRequests).isBetween(processed, processed + 3);
      assertThat(validatorRequests).isEqualTo(setChanges + laterRounds);
    }
  }

  /**
   * Missed proposals the watcher can judge: at heights from 2 whose set has the members and powers of the set
   * before (otherwise the chain's validator updates re-ranked the priorities and round 0's proposer is not
   * worked out).
   */
  private static long judgedMissedProposals(SimulatedChain chain, String name, long last) {
    return LongStream.rangeClosed(2, last)
        .filter(h -> chain.heightTruth(h).precommits().stream().map(p -> p.name() + "/" + p.power()).toList()
            .equals(chain.heightTruth(h - 1).precommits().stream().map(p -> p.name() + "/" + p.power()).toList()))
        .filter(h -> chain.missedProposals(name, h, h) == 1)
        .count();
  }

  /** Scrapes until the exporter has processed every height whose commit exists and has read the staking data. */
  private Map<String, Double> scrapeUntilCaughtUp(int port, ChainTruth truth) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
    while (true) {
      Map<String, Double> samples = scrape(port);
      boolean caughtUp = Double.valueOf(truth.latestHeight() - 1).equals(samples.get("valwatch_chain_height"));
      boolean stakingRead =
          truth.validators().values().stream()
              .allMatch(v -> samples.containsKey("valwatch_validator_jailed/" + v.operatorAddress()));
      if (caughtUp && stakingRead) {
        return samples;
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("the exporter did not catch up; last scrape: " + samples);
      }
      Thread.sleep(100);
    }
  }

  /** valwatch series by name, or by name/validator for validator series. */
  private Map<String, Double> scrape(int port) throws Exception {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics")).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(200);
    Map<String, Double> samples = new HashMap<>();
    for (String line : response.body().split("\n")) {
      Matcher sample = SAMPLE.matcher(line);
      if (!sample.matches() || !sample.group(1).startsWith("valwatch_")) {
        continue;
      }
      Map<String, String> labels = new HashMap<>();
      Matcher label = LABEL.matcher(sample.group(2));
      while (label.find()) {
        labels.put(label.group(1), label.group(2));
      }
      String key = labels.containsKey("validator") ? sample.group(1) + "/" + labels.get("validator") : sample.group(1);
      samples.put(key, Double.parseDouble(sample.group(3)));
    }
    return samples;
  }

  /** How many times the validator set changes over heights 1..last, the first set included. */
  private long validatorSetChanges(String rpc, long last) throws Exception {
    ObjectMapper json = new ObjectMapper();
    String previous = null;
    long changes = 0;
    for (long h = 1; h <= last; h++) {
      HttpResponse<String> response =
          http.send(
              HttpRequest.newBuilder(URI.create(rpc + "/block?height=" + h)).build(),
              HttpResponse.BodyHandlers.ofString());
      JsonNode header = json.readTree(response.body()).path("result").path("block").path("header");
      String hash = header.path("validators_hash").asText();
      assertThat(hash).as("validators_hash at %d", h).isNotEmpty();
      if (!hash.equals(previous)) {
        changes++;
        previous = hash;
      }
    }
    return changes;
  }
}
