package io.valwatch.exporter.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.valwatch.alert.Alert;
import io.valwatch.alert.AlertKey;
import io.valwatch.alert.Severity;
import io.valwatch.model.BondStatus;
import io.valwatch.model.ChainStatus;
import io.valwatch.model.DisplayUnit;
import io.valwatch.model.EndpointStatus;
import io.valwatch.model.LivenessRule;
import io.valwatch.model.StakingStatus;
import io.valwatch.model.ValidatorStatus;
import io.valwatch.risk.AlertKinds;
import io.valwatch.risk.RiskLevel;
import io.valwatch.risk.RiskStatus;
import io.valwatch.tracker.RecentBlocks;
import io.valwatch.tracker.SigningStats;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code GET /api/v1/status} and {@code GET /} on the exporter's HTTP server. */
class StatusApiTest {
  private static final String OPERATOR = "cosmosvaloper1qqqsyqcyq5rqwzqfpg9scrgwpugpzysnsq8z3z";
  private static final String OTHER = "cosmosvaloper1zg69v7yszg69v7yszg69v7yszg69v7ys8xw6lf";
  private static final String HEX = "0A1B2C3D4E5F60718293A4B5C6D7E8F901234567";

  private final AtomicReference<List<ChainStatus>> status = new AtomicReference<>(List.of());
  private final HttpClient client = HttpClient.newHttpClient();
  private ExporterHttpServer server;

  @BeforeEach
  void start() throws Exception {
    server = ExporterHttpServer.start(new InetSocketAddress("127.0.0.1", 0), new PrometheusRegistry(), status::get);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private HttpResponse<String> get(String path) throws Exception {
    return client.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static Alert alert(String subject, String kind, Severity severity, String summary) {
    return new Alert(
        new AlertKey("demo-1", subject, kind),
        severity,
        Alert.State.FIRING,
        summary,
        "what was seen",
        Instant.parse("2026-01-01T00:10:00Z"),
        Map.of());
  }

  private static StakingStatus staking(String operator, boolean jailed, Boolean tombstoned) {
    return StakingStatus.builder()
        .operatorAddress(operator)
        .moniker("Example Node")
        .tokens(new BigInteger("123456789012345678901234567890"))
        .votingPower(1_500_000L)
        .rank(jailed ? null : 3)
        .bondStatus(jailed ? BondStatus.UNBONDING : BondStatus.BONDED)
        .jailed(jailed)
        .tombstoned(tombstoned)
        .jailedUntil(Instant.EPOCH)
        .commissionRate(new BigDecimal("0.05"))
        .chainMissedBlocksCounter(7L)
        .chainBlocksUntilPenalty(43L)
        .tokensByDenom(Map.of())
        .build();
  }

  private static ChainStatus chain() {
    ValidatorStatus bonded =
        ValidatorStatus.builder()
            .identity(OPERATOR)
            .label("main")
            .consensusAddressHex(HEX)
            .signing(new SigningStats(95, 5, 2, 3, 1, 4, 5, 100, 0))
            .staking(staking(OPERATOR, false, false))
            .risk(new RiskStatus(RiskLevel.WARNING, OptionalLong.of(41L), 2,
                    OptionalDouble.of(0.04), OptionalDouble.of(6150.0),
                    OptionalDouble.of(252.0), List.of("41 misses left")))
            .recentBlocks(new RecentBlocks(105, "SsNMm"))
            .build();
    ValidatorStatus tombstoned =
        ValidatorStatus.builder()
            .identity(OTHER)
            .label("")
            .signing(SigningStats.EMPTY)
            .staking(staking(OTHER, true, true))
            .build();
    return ChainStatus.builder()
        .chainId("demo-1")
        .pluginId("cosmos-sdk")
        .latestHeight(105L)
        .blocksProcessed(105)
        .gapBlocks(0)
        .activeValidators(4)
        .blockIntervalSeconds(6.0)
        .signedPowerRatio(0.9)
        .activeValidatorUptimeRatios(List.of())
        .maxValidators(100)
        .livenessRule(new LivenessRule(100, 50, LivenessRule.Penalty.JAIL_FOR_DURATION, Duration.ofMinutes(10), 0, BigDecimal.ZERO))
        .validators(List.of(bonded, tombstoned))
        .endpoints(List.of(EndpointStatus.builder()
            .endpoint("http://127.0.0.1:26657/<redacted>")
            .up(true)
            .height(106L)
            .catchingUp(false)
            .requests(Map.of())
            .build()))
        .activeAlerts(List.of(
            alert(OPERATOR, AlertKinds.CONSECUTIVE_MISSES, Severity.WARNING, "Example Node missed 4 in a row"),
            alert("", AlertKinds.CHAIN_STALLED, Severity.CRITICAL, "demo-1 stalled")))
        .displayUnit(new DisplayUnit("EXA", 18))
        .build();
  }

  @Test
  void statusApiGivesEveryChainAndValidatorInSnakeCase() throws Exception {
    status.set(List.of(chain()));

    HttpResponse<String> response = get("/api/v1/status");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
    assertThat(response.headers().firstValue("Cache-Control")).hasValue("no-store");
    JsonNode chain = new ObjectMapper().readTree(response.body()).path("chains").path(0);
    assertThat(chain.path("chain_id").asText()).isEqualTo("demo-1");
    assertThat(chain.path("latest_height").asLong()).isEqualTo(105);
    assertThat(chain.path("synced").asBoolean()).isTrue();
    assertThat(chain.path("liveness").path("max_missed_blocks").asLong()).isEqualTo(50);
    assertThat(chain.path("liveness").path("penalty").asText()).isEqualTo("jail_for_duration");
    assertThat(chain.path("endpoints").path(0).path("url").asText()).isEqualTo("http://127.0.0.1:26657/<redacted>");
    assertThat(chain.path("alerts")).hasSize(1);
    assertThat(chain.path("alerts").path(0).path("kind").asText()).isEqualTo("chain_stalled");
    assertThat(chain.path("alerts").path(0).path("severity").asText()).isEqualTo("critical");
    assertThat(chain.path("display_unit").path("denom").asText()).isEqualTo("EXA");
    assertThat(chain.path("display_unit").path("exponent").asInt()).isEqualTo(18);
    assertThat(chain.path("tracked_validators").asInt()).isEqualTo(2);
    assertThat(chain.path("at_risk_validators").asInt()).as("the warning one").isEqualTo(1);

    JsonNode bonded = chain.path("validators").path(0);
    assertThat(bonded.path("address").asText()).isEqualTo(OPERATOR);
    assertThat(bonded.path("moniker").asText()).isEqualTo("Example Node");
    assertThat(bonded.path("status").asText()).isEqualTo("bonded");
    assertThat(bonded.path("tokens").asText()).isEqualTo("123456789012345678901234567890");
    assertThat(bonded.path("stake").asText()).isEqualTo("123456789012.34567890123456789 EXA");
    assertThat(bonded.path("blocks_until_penalty").asLong()).isEqualTo(41);
    assertThat(bonded.path("risk").path("level").asText()).isEqualTo("warning");
    assertThat(bonded.path("risk").path("reasons").path(0).asText()).isEqualTo("41 misses left");
    assertThat(bonded.path("signing").path("consecutive_missed_blocks").asLong()).isEqualTo(4);
    assertThat(bonded.path("signing").path("uptime_ratio").asDouble()).isEqualTo(0.95);
    assertThat(bonded.path("alerts")).hasSize(1);
    assertThat(bonded.path("alerts").path(0).path("summary").asText()).isEqualTo("Example Node missed 4 in a row");
    assertThat(bonded.path("alerts").path(0).path("firing_since").asText()).isEqualTo("2026-01-01T00:10:00Z");
    assertThat(bonded.path("recent_blocks").path("first_height").asLong()).isEqualTo(101);
    assertThat(bonded.path("recent_blocks").path("last_height").asLong()).isEqualTo(105);
    assertThat(bonded.path("recent_blocks").path("marks").asText()).isEqualTo("SsNMm");
  }

  @Test
  void unknownFiguresAreNullAndTombstonedOutranksJailed() throws Exception {
    status.set(List.of(chain()));

    JsonNode other =
        new ObjectMapper().readTree(get("/api/v1/status").body()).path("chains").path(0).path("validators").path(1);

    assertThat(other.path("status").asText()).isEqualTo("tombstoned");
    assertThat(other.path("consensus_address_hex").isNull()).isTrue();
    assertThat(other.path("rank").isNull()).isTrue();
    assertThat(other.path("blocks_until_penalty").isNull()).as("nothing left to count once tombstoned").isTrue();
    assertThat(other.path("signing").path("uptime_ratio").isNull()).isTrue();
    assertThat(other.path("risk").path("level").isNull()).as("no risk is known before resolution").isTrue();
    assertThat(other.path("signing").path("missed_blocks").isNull()).as("nor what it signed").isTrue();
    assertThat(other.path("alerts")).isEmpty();
    assertThat(other.path("recent_blocks").path("marks").asText()).isEmpty();
  }

  @Test
  void rootServesTheSelfContainedStatusPage() throws Exception {
    HttpResponse<String> response = get("/");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
    assertThat(response.body())
        .startsWith("<!doctype html>")
        .contains("api/v1/status")
        .doesNotContain("http://", "https://", "<link", "src=");
  }

  @Test
  void pathsBelowTheRootAreNotFound() throws Exception {
    assertThat(get("/index.html").statusCode()).isEqualTo(404);
    assertThat(get("/api/v1/status/extra").statusCode()).isEqualTo(404);
  }
}
