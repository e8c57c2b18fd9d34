package io.valwatch.exporter;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.valwatch.exporter.http.ExporterHttpServer;
import io.valwatch.exporter.http.HeadlessChromium;
import io.valwatch.exporter.metrics.BuildInfo;
import io.valwatch.exporter.metrics.WatcherCollector;
import io.valwatch.identity.Bech32;
import io.valwatch.model.BondStatus;
import io.valwatch.model.ChainStatus;
import io.valwatch.model.DisplayUnit;
import io.valwatch.model.EndpointStatus;
import io.valwatch.model.LivenessRule;
import io.valwatch.model.StakingStatus;
import io.valwatch.model.ValidatorStatus;
import io.valwatch.risk.RiskLevel;
import io.valwatch.risk.RiskStatus;
import io.valwatch.tracker.RecentBlocks;
import io.valwatch.tracker.SigningStats;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The four renderers of the model (the metrics, the status API, the status page in a real browser and
 * {@code check}) show the same value for every fact they share, and the same "unknown" where the model has
 * none, for a healthy, a jailed, an unresolved and a not-yet-seen validator. The expected table below is the
 * model's word; each renderer is read back the way a person or a script reads it.
 */
@Timeout(180)
class RenderersAgreeTest {
  private static final String UNKNOWN = "unknown";
  private static final String HEALTHY = operator(1);
  private static final String JAILED = operator(2);
  /** Configured by an operator address the staking module does not know: no consensus address, no data. */
  private static final String UNRESOLVED = operator(3);
  /** Resolved and bonded, but joined the set after the watcher's last height: no height seen yet. */
  private static final String NOT_YET_SEEN = operator(4);
  private static final LivenessRule RULE =
      new LivenessRule(1_000, 500, LivenessRule.Penalty.JAIL_FOR_DURATION, Duration.ofMinutes(10), 0, BigDecimal.ZERO);
  private static final Pattern SAMPLE = Pattern.compile("(?m)^(\\w+)\\{([^}]*)\\} (\\S+)$");
  private static final Pattern ARTICLE =
      Pattern.compile("<article [^>]*data-address=\"([^\"]+)\"(.*?)</article>", Pattern.DOTALL);

  /** The facts a validator's renderers share. */
  enum Fact {
    STATUS,
    RISK,
    BLOCKS_UNTIL_PENALTY,
    SECONDS_TO_PENALTY_FULLY_OFFLINE,
    UPTIME_PERCENT,
    MISSED_IN_A_ROW,
    WINDOW_MISSED,
    CHAIN_MISSED,
    RANK,
    TOKENS,
    STAKE
  }

  @TempDir Path workDir;

  @Test
  void everyRendererShowsTheModelsValueOrUnknown() throws Exception {
    HeadlessChromium chromium = HeadlessChromium.require(workDir);
    ChainStatus chain = chain();
    Map<String, Map<Fact, String>> expected = new LinkedHashMap<>();
    expected.put(HEALTHY, facts("bonded", "ok", "480", "2886", "99.00", "0", "1", "20", "1", "5000000000", "5000 ATOM"));
    expected.put(
        JAILED, facts("jailed", "critical", UNKNOWN, UNKNOWN, "50.00", "50", "50", "0", UNKNOWN, "1000000000", "1000 ATOM"));
    expected.put(
        UNRESOLVED,
        facts(UNKNOWN, UNKNOWN, UNKNOWN, UNKNOWN, UNKNOWN, UNKNOWN, UNKNOWN, UNKNOWN, UNKNOWN, UNKNOWN, UNKNOWN));
    expected.put(NOT_YET_SEEN, facts("bonded", "ok", "500", "3006", UNKNOWN, "0", "0", "0", "4", "100000000", "100 ATOM"));

    Map<String, Map<String, Map<Fact, String>>> rendered = new LinkedHashMap<>();
    PrometheusRegistry registry = new PrometheusRegistry();
    registry.register(new WatcherCollector(() -> List.of(chain), new BuildInfo("1.0.0", "0123456789ab", "unknown")));
    try (ExporterHttpServer server =
        ExporterHttpServer.start(new InetSocketAddress("127.0.0.1", 0), registry, () -> List.of(chain))) {
      String base = "http://127.0.0.1:" + server.port() + "/";
      rendered.put("metrics", fromMetrics(get(base + "metrics")));
      rendered.put("status API", fromStatusApi(new ObjectMapper().readTree(get(base + "api/v1/status"))));
      HeadlessChromium.Page page = chromium.dumpDom(URI.create(base), 1280, 2400);
      assertThat(page.console()).as("console output of the page").isEmpty();
      rendered.put("status page", fromStatusPage(page.dom()));
    }
    rendered.put("check", fromCheck(chain));

    for (Map.Entry<String, Map<String, Map<Fact, String>>> renderer : rendered.entrySet()) {
      for (Map.Entry<String, Map<Fact, String>> validator : expected.entrySet()) {
        Map<Fact, String> shown = renderer.getValue().get(validator.getKey());
        assertThat(shown).as("%s shows %s", renderer.getKey(), validator.getKey()).isNotNull();
        shown.forEach(
            (fact, value) ->
                assertThat(value)
                    .as("%s: %s of %s", renderer.getKey(), fact, validator.getKey())
                    .isEqualTo(validator.getValue().get(fact)));
      }
    }
    for (Fact fact : Fact.values()) {
      long renderers = rendered.values().stream().filter(r -> r.get(HEALTHY).containsKey(fact)).count();
      assertThat(renderers).as("renderers that show %s", fact).isGreaterThanOrEqualTo(2);
    }
  }

  private static Map<Fact, String> facts(String... values) {
    Map<Fact, String> facts = new EnumMap<>(Fact.class);
    for (Fact fact : Fact.values()) {
      facts.put(fact, values[fact.ordinal()]);
    }
    return facts;
  }

  private static String operator(int seed) {
    byte[] address = new byte[20];
    java.util.Arrays.fill(address, (byte) seed);
    return Bech32.encode("cosmosvaloper", address);
  }

  private static String hex(int seed) {
    return String.format(Locale.ROOT, "%02X", seed).repeat(20);
  }

  /** Staking data as a refresh gives it; {@code chainMissed} is the chain's missed-blocks counter. */
  private static StakingStatus staking(
      String operator, String moniker, long tokens, Integer rank, boolean jailed, long chainMissed) {
    return StakingStatus.builder()
        .operatorAddress(operator)
        .moniker(moniker)
        .tokens(BigInteger.valueOf(tokens))
        .votingPower(tokens / 1_000_000)
        .rank(rank)
        .bondStatus(jailed ? BondStatus.UNBONDING : BondStatus.BONDED)
        .jailed(jailed)
        .tombstoned(false)
        .jailedUntil(Instant.EPOCH)
        .commissionRate(new BigDecimal("0.05"))
        .chainMissedBlocksCounter(chainMissed)
        .chainBlocksUntilPenalty(RULE.blocksUntilPenalty(chainMissed))
        .tokensByDenom(Map.of("uatom", BigInteger.valueOf(tokens)))
        .build();
  }

  /** One chain with the four validators, as the core builds its status. */
  private static ChainStatus chain() {
    ValidatorStatus healthy =
        ValidatorStatus.builder()
            .identity(HEALTHY)
            .label("main")
            .consensusAddressHex(hex(1))
            .signing(new SigningStats(99, 1, 0, 3, 0, 0, 1, 100, 0))
            .staking(staking(HEALTHY, "Healthy", 5_000_000_000L, 1, false, 20))
            .risk(new RiskStatus(RiskLevel.OK, OptionalLong.of(480L), 0,
                    OptionalDouble.of(0.01), OptionalDouble.of(288_600.0),
                    OptionalDouble.of(2_886.0), List.of()))
            .recentBlocks(new RecentBlocks(1_000, "S".repeat(99) + "M"))
            .build();
    // The chain's counter was reset by the jailing, so the staking data still says 500 misses are left:
    // nothing is left to count while jailed, and only the risk's word may be shown.
    ValidatorStatus jailed =
        ValidatorStatus.builder()
            .identity(JAILED)
            .label("")
            .consensusAddressHex(hex(2))
            .signing(new SigningStats(50, 50, 0, 0, 50, 50, 50, 100, 0))
            .staking(staking(JAILED, "Jailed", 1_000_000_000L, null, true, 0))
            .risk(new RiskStatus(RiskLevel.CRITICAL, OptionalLong.empty(), 0,
                    OptionalDouble.of(1.0), OptionalDouble.empty(),
                    OptionalDouble.empty(), List.of("jailed")))
            .recentBlocks(new RecentBlocks(1_000, "S".repeat(50) + "M".repeat(50)))
            .build();
    ValidatorStatus unresolved =
        ValidatorStatus.builder()
            .identity(UNRESOLVED)
            .label("")
            .signing(SigningStats.EMPTY)
            .risk(RiskStatus.UNKNOWN)
            .recentBlocks(RecentBlocks.NONE)
            .build();
    ValidatorStatus notYetSeen =
        ValidatorStatus.builder()
            .identity(NOT_YET_SEEN)
            .label("")
            .consensusAddressHex(hex(4))
            .signing(SigningStats.EMPTY)
            .staking(staking(NOT_YET_SEEN, "Newcomer", 100_000_000L, 4, false, 0))
            .risk(new RiskStatus(RiskLevel.OK, OptionalLong.of(500L), 0,
                    OptionalDouble.empty(), OptionalDouble.empty(),
                    OptionalDouble.of(3_006.0), List.of()))
            .recentBlocks(new RecentBlocks(1_001, ""))
            .build();
    return ChainStatus.builder()
        .chainId("agree-1")
        .pluginId("cosmos-sdk")
        .latestHeight(1_000L)
        .blocksProcessed(1_000)
        .gapBlocks(0)
        .activeValidators(4)
        .blockIntervalSeconds(6.0)
        .signedPowerRatio(1.0)
        .activeValidatorUptimeRatios(List.of(0.5, 0.99))
        .maxValidators(100)
        .livenessRule(RULE)
        .validators(List.of(healthy, jailed, unresolved, notYetSeen))
        .endpoints(List.of(EndpointStatus.builder()
            .endpoint("http://127.0.0.1:26657")
            .up(true)
            .height(1_001L)
            .catchingUp(false)
            .requests(Map.of())
            .build()))
        .activeAlerts(List.of())
        .displayUnit(new DisplayUnit("ATOM", 6))
        .build();
  }

  private static String get(String url) throws Exception {
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(url).isEqualTo(200);
    return response.body();
  }

  /** A number as text without a trailing {@code .0}, or UNKNOWN. */
  private static String number(String text) {
    if (text == null || text.equals(UNKNOWN) || text.equals("–") || text.equals("-")) {
      return UNKNOWN;
    }
    return new BigDecimal(text.replace(",", "")).stripTrailingZeros().toPlainString();
  }

  private static String percent(Double ratio) {
    return ratio == null ? UNKNOWN : String.format(Locale.ROOT, "%.2f", ratio * 100);
  }

  private static Map<String, Map<Fact, String>> fromMetrics(String exposition) {
    Map<String, Map<String, String>> samples = new LinkedHashMap<>();
    Matcher m = SAMPLE.matcher(exposition);
    while (m.find()) {
      Matcher validator = Pattern.compile("validator=\"([^\"]+)\"").matcher(m.group(2));
      if (!validator.find()) {
        continue;
      }
      String name = m.group(1) + (m.group(2).contains("pace=\"fully_offline\"") ? "{fully_offline}" : "");
      samples.computeIfAbsent(validator.group(1), v -> new LinkedHashMap<>()).put(name, m.group(3));
    }
    Map<String, Map<Fact, String>> shown = new LinkedHashMap<>();
    samples.forEach(
        (validator, s) -> {
          Map<Fact, String> facts = new EnumMap<>(Fact.class);
          String status = UNKNOWN;
          if ("1.0".equals(s.get("valwatch_validator_tombstoned"))) {
            status = "tombstoned";
          } else if ("1.0".equals(s.get("valwatch_validator_jailed"))) {
            status = "jailed";
          } else if ("1.0".equals(s.get("valwatch_validator_bonded"))) {
            status = "bonded";
          }
          facts.put(Fact.STATUS, status);
          String level = s.get("valwatch_validator_risk_level");
          facts.put(
              Fact.RISK, level == null ? UNKNOWN : List.of("ok", "warning", "critical").get((int) Double.parseDouble(level)));
          facts.put(Fact.BLOCKS_UNTIL_PENALTY, number(s.get("valwatch_validator_blocks_until_penalty")));
          facts.put(
              Fact.SECONDS_TO_PENALTY_FULLY_OFFLINE,
              number(s.get("valwatch_validator_time_to_penalty_seconds{fully_offline}")));
          String uptime = s.get("valwatch_validator_uptime_ratio");
          facts.put(Fact.UPTIME_PERCENT, percent(uptime == null ? null : Double.valueOf(uptime)));
          facts.put(Fact.MISSED_IN_A_ROW, number(s.get("valwatch_validator_consecutive_missed_blocks")));
          facts.put(Fact.WINDOW_MISSED, number(s.get("valwatch_validator_window_missed_blocks")));
          facts.put(Fact.CHAIN_MISSED, number(s.get("valwatch_validator_chain_missed_blocks")));
          facts.put(Fact.RANK, number(s.get("valwatch_validator_rank")));
          facts.put(Fact.TOKENS, number(s.get("valwatch_validator_tokens")));
          shown.put(validator, facts);
        });
    return shown;
  }

  private static String text(JsonNode node) {
    return node.isNull() || node.isMissingNode() ? UNKNOWN : node.asText();
  }

  private static Map<String, Map<Fact, String>> fromStatusApi(JsonNode status) {
    Map<String, Map<Fact, String>> shown = new LinkedHashMap<>();
    for (JsonNode v : status.path("chains").path(0).path("validators")) {
      Map<Fact, String> facts = new EnumMap<>(Fact.class);
      facts.put(Fact.STATUS, text(v.path("status")));
      facts.put(Fact.RISK, text(v.path("risk").path("level")));
      facts.put(Fact.BLOCKS_UNTIL_PENALTY, number(text(v.path("blocks_until_penalty"))));
      facts.put(
          Fact.SECONDS_TO_PENALTY_FULLY_OFFLINE, number(text(v.path("risk").path("seconds_to_penalty_fully_offline"))));
      JsonNode uptime = v.path("signing").path("uptime_ratio");
      facts.put(Fact.UPTIME_PERCENT, percent(uptime.isNull() ? null : uptime.asDouble()));
      facts.put(Fact.MISSED_IN_A_ROW, number(text(v.path("signing").path("consecutive_missed_blocks"))));
      facts.put(Fact.WINDOW_MISSED, number(text(v.path("signing").path("window_missed_blocks"))));
      facts.put(Fact.CHAIN_MISSED, number(text(v.path("chain_missed_blocks"))));
      facts.put(Fact.RANK, number(text(v.path("rank"))));
      facts.put(Fact.TOKENS, number(text(v.path("tokens"))));
      facts.put(Fact.STAKE, text(v.path("stake")));
      shown.put(v.path("address").asText(), facts);
    }
    return shown;
  }

  /** What a card of the page says; a fact the card leaves out, or shows as "–", is unknown. */
  private static Map<String, Map<Fact, String>> fromStatusPage(String dom) {
    Map<String, Map<Fact, String>> shown = new LinkedHashMap<>();
    Matcher card = ARTICLE.matcher(dom);
    while (card.find()) {
      String html = card.group(2);
      Map<Fact, String> facts = new EnumMap<>(Fact.class);
      facts.put(Fact.STATUS, find(html, "</span><span class=\"badge [a-z]+\">([a-z]+)</span>"));
      // A card names its risk level only when it is not ok.
      Matcher risk = Pattern.compile("<span class=\"badge [a-z]+\">(?:([a-z]+) risk|risk (unknown))</span>").matcher(html);
      facts.put(Fact.RISK, !risk.find() ? "ok" : risk.group(1) != null ? risk.group(1) : risk.group(2));
      facts.put(Fact.BLOCKS_UNTIL_PENALTY, number(find(html, "Blocks until penalty <b class=\"penalty [a-z]+\">([^<]*)</b>")));
      String uptime = find(html, "uptime <b>([^<]*)</b>");
      facts.put(Fact.UPTIME_PERCENT, uptime.equals("–") ? UNKNOWN : uptime.replace("%", ""));
      facts.put(Fact.MISSED_IN_A_ROW, number(find(html, "missed in a row <b>([^<]*)</b>")));
      facts.put(Fact.RANK, number(nullIfUnknown(find(html, "rank <b>([^<]*)</b>"))));
      facts.put(Fact.STAKE, find(html, "stake <b>([^<]*)</b>"));
      shown.put(card.group(1), facts);
    }
    return shown;
  }

  private static String nullIfUnknown(String text) {
    return text.equals(UNKNOWN) ? null : text;
  }

  private static String find(String html, String regex) {
    Matcher m = Pattern.compile(regex).matcher(html);
    return m.find() ? m.group(1) : UNKNOWN;
  }

  private static Map<String, Map<Fact, String>> fromCheck(ChainStatus chain) throws Exception {
    StringWriter out = new StringWriter();
    CheckReport.of(List.of(chain), 10).printJson(new PrintWriter(out));
    Map<String, Map<Fact, String>> shown = new LinkedHashMap<>();
    List<JsonNode> validators = new ArrayList<>();
    new ObjectMapper().readTree(out.toString()).path("chains").path(0).path("validators").forEach(validators::add);
    for (JsonNode v : validators) {
      Map<Fact, String> facts = new EnumMap<>(Fact.class);
      facts.put(Fact.STATUS, text(v.path("status")));
      facts.put(Fact.RISK, text(v.path("risk")));
      facts.put(Fact.BLOCKS_UNTIL_PENALTY, number(text(v.path("blocks_until_penalty"))));
      facts.put(Fact.WINDOW_MISSED, number(text(v.path("seen_missed"))));
      facts.put(Fact.CHAIN_MISSED, number(text(v.path("chain_missed"))));
      facts.put(Fact.RANK, number(text(v.path("rank"))));
      facts.put(Fact.STAKE, text(v.path("stake")));
      shown.put(v.path("address").asText(), facts);
    }
    return shown;
  }
}
