package io.valwatch.exporter.telegram;

import static org.assertj.core.api.Assertions.assertThat;

import io.valwatch.alert.Alert;
import io.valwatch.alert.AlertKey;
import io.valwatch.alert.Severity;
import io.valwatch.exporter.alerts.ChatMutes;
import io.valwatch.model.BondStatus;
import io.valwatch.model.ChainStatus;
import io.valwatch.model.EndpointStatus;
import io.valwatch.model.StakingStatus;
import io.valwatch.model.ValidatorStatus;
import io.valwatch.risk.RiskLevel;
import io.valwatch.risk.RiskStatus;
import io.valwatch.tracker.RecentBlocks;
import io.valwatch.tracker.SigningStats;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class BotCommandsTest {
  private static final Instant NOW = Instant.parse("2026-12-04T18:00:00Z");
  private static final String CHAT = "-1001234567890";
  private static final String OPERATOR = "cosmosvaloper16tpq5ms2ks96k8j5qx5j8sytz2masm33n3nvhs";
  private static final String HEX = "C40C88E4452A06CEB88418DA14D210657BB489E9";

  private final ChatMutes mutes = new ChatMutes();
  private final List<ChainStatus> chains = new ArrayList<>(List.of(chain()));
  private final BotCommands commands =
      new BotCommands(() -> chains, mutes, Clock.fixed(NOW, ZoneOffset.UTC));

  /** cosmoshub-4 at 1000 with one jailed validator labelled dorado and one alert firing. */
  static ChainStatus chain() {
    StakingStatus staking =
        StakingStatus.builder()
            .operatorAddress(OPERATOR)
            .moniker("Dorado Infra")
            .tokens(new BigInteger("4000000000"))
            .votingPower(4000L)
            .rank(4)
            .bondStatus(BondStatus.UNBONDING)
            .jailed(true)
            .tombstoned(false)
            .jailedUntil(NOW.plusSeconds(600))
            .commissionRate(new BigDecimal("0.05"))
            .chainMissedBlocksCounter(50L)
            .chainBlocksUntilPenalty(0L)
            .tokensByDenom(Map.of("uatom", new BigInteger("4000000000")))
            .build();
    ValidatorStatus dorado =
        ValidatorStatus.builder()
            .identity(OPERATOR)
            .label("dorado")
            .consensusAddressHex(HEX)
            .signing(new SigningStats(120, 80, 2, 3, 78, 12, 55, 100, 0))
            .staking(staking)
            .risk(new RiskStatus(RiskLevel.CRITICAL, OptionalLong.of(0L), 5,
                    OptionalDouble.of(1.0), OptionalDouble.of(6.0),
                    OptionalDouble.of(6.0), List.of("jailed")))
            .recentBlocks(RecentBlocks.NONE)
            .build();
    Alert jailed =
        new Alert(new AlertKey("cosmoshub-4", OPERATOR, "jailed"), Severity.CRITICAL, Alert.State.FIRING,
            "dorado (Dorado Infra) is jailed on cosmoshub-4", "", NOW.minusSeconds(300), Map.of());
    return ChainStatus.builder()
        .chainId("cosmoshub-4")
        .pluginId("cosmos-sdk")
        .latestHeight(1000L)
        .blocksProcessed(1000)
        .gapBlocks(0)
        .activeValidators(180)
        .blockIntervalSeconds(6.0)
        .signedPowerRatio(0.98)
        .activeValidatorUptimeRatios(List.of())
        .maxValidators(180)
        .validators(List.of(dorado))
        .endpoints(List.of(EndpointStatus.builder()
            .endpoint("https://rpc.cosmos.example")
            .up(true)
            .height(1001L)
            .catchingUp(false)
            .requests(Map.of())
            .build()))
        .activeAlerts(List.of(jailed))
        .build();
  }

  private String answer(String text) {
    return commands.answer(CHAT, text).orElseThrow();
  }

  @Test
  void statusHasAChainLineAndOneLinePerValidator() {
    assertThat(answer("/status"))
        .isEqualTo(
            """
            cosmoshub-4: height 1000, 180 validators in the set, 1 alert(s) firing
              dorado (Dorado Infra): jailed, uptime 45.0%, 0 misses to the penalty, risk critical""");
  }

  @Test
  void validatorIsFoundByLabelAddressOrMonikerInAnyCase() {
    String detail = answer("/validator dorado");
    assertThat(detail)
        .isEqualTo(
            """
            dorado (Dorado Infra) on cosmoshub-4
            address: cosmosvaloper16tpq5ms2ks96k8j5qx5j8sytz2masm33n3nvhs
            consensus address: C40C88E4452A06CEB88418DA14D210657BB489E9
            status: jailed, rank 4, 4000000000 tokens
            since start: signed 120, nil 2, missed 80 (solo 78), proposed 3
            missed in a row: 12; uptime 45.0% over the last 100 heights
            chain's missed counter: 50
            misses left before the penalty: 0
            risk: critical; jailed""");
    assertThat(answer("/validator " + HEX.toLowerCase())).isEqualTo(detail);
    assertThat(answer("/validator " + OPERATOR)).isEqualTo(detail);
    assertThat(answer("/validator dorado infra")).isEqualTo(detail);
    assertThat(answer("/validator nobody")).isEqualTo("No tracked validator matches 'nobody'; /status lists them.");
    assertThat(answer("/validator")).isEqualTo("Usage: /validator <label|address>");
  }

  @Test
  void alertsListsWhatIsFiring() {
    assertThat(answer("/alerts"))
        .isEqualTo("CRITICAL dorado (Dorado Infra) is jailed on cosmoshub-4 (since 2026-12-04 17:55 UTC)");
    chains.clear();
    assertThat(answer("/alerts")).isEqualTo("No alert is firing.");
    assertThat(answer("/status")).isEqualTo("No chain is watched.");
  }

  @Test
  void muteTakesADurationOrOff() {
    assertThat(answer("/mute 90m"))
        .isEqualTo("Notifications to this chat are muted until 2026-12-04 19:30 UTC, critical ones too; /mute off ends it.");
    assertThat(mutes.mutedUntil(CHAT, NOW)).contains(Instant.parse("2026-12-04T19:30:00Z"));
    assertThat(mutes.mutedUntil("-100999", NOW)).as("only that chat").isEmpty();

    assertThat(answer("/mute soon")).startsWith("Usage: /mute <duration>");
    assertThat(mutes.mutedUntil(CHAT, NOW)).as("a bad duration changes nothing").isPresent();

    assertThat(answer("/mute off")).isEqualTo("Notifications to this chat are on again.");
    assertThat(mutes.mutedUntil(CHAT, NOW)).isEmpty();
  }

  @Test
  void chatterIsNotAnsweredAndUnknownCommandsGetHelp() {
    assertThat(commands.answer(CHAT, "is the node ok?")).isEmpty();
    assertThat(answer("/uptime")).startsWith("Unknown command /uptime.\n/status:");
    assertThat(answer("/start")).isEqualTo(BotCommands.HELP);
  }

  @Test
  void statusListsTheWorstValidatorsFirst() {
    ChainStatus one = chain();
    ValidatorStatus jailed = one.validators().get(0);
    ValidatorStatus healthy =
        ValidatorStatus.builder()
            .identity("cosmosvalcons1healthy")
            .label("healthy")
            .consensusAddressHex("AAAA88E4452A06CEB88418DA14D210657BB489E9")
            .signing(new SigningStats(100, 0, 0, 1, 0, 0, 0, 100, 0))
            .risk(new RiskStatus(RiskLevel.OK, OptionalLong.of(50L), 0,
                    OptionalDouble.of(0.0), OptionalDouble.empty(),
                    OptionalDouble.of(1e6),
            List.of()))
            .recentBlocks(RecentBlocks.NONE)
            .build();
    ValidatorStatus warned =
        ValidatorStatus.builder()
            .identity("cosmosvalcons1warned")
            .label("warned")
            .consensusAddressHex("BBBB88E4452A06CEB88418DA14D210657BB489E9")
            .signing(new SigningStats(60, 40, 0, 1, 0, 3, 40, 100, 0))
            .risk(new RiskStatus(RiskLevel.WARNING, OptionalLong.of(10L), 0,
                    OptionalDouble.of(0.4), OptionalDouble.of(60.0),
                    OptionalDouble.of(66.0), List.of()))
            .recentBlocks(RecentBlocks.NONE)
            .build();
    chains.set(0, withValidators(one, List.of(healthy, warned, jailed)));

    assertThat(answer("/status").lines().skip(1).map(line -> line.strip().split(":")[0]))
        .containsExactly("dorado (Dorado Infra)", "warned", "healthy");
  }

  private static ChainStatus withValidators(ChainStatus one, List<ValidatorStatus> validators) {
    return one.toBuilder()
        .validators(validators)
        .build();
  }

  @Test
  void longAnswersAreCutToTelegramsLimit() {
    ChainStatus one = chain();
    List<ValidatorStatus> many = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      many.add(one.validators().get(0));
    }
    chains.set(0, withValidators(one, many));

    String status = answer("/status");

    assertThat(status).hasSizeLessThanOrEqualTo(BotCommands.MAX_TEXT).endsWith("… (cut: ask /validator for one)");
  }
}
