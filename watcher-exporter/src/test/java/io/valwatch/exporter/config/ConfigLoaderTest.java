package io.valwatch.exporter.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.valwatch.exporter.alerts.ChannelSpec;
import io.valwatch.model.ChainSpec;
import io.valwatch.model.DisplayUnit;
import io.valwatch.model.NetworkMode;
import io.valwatch.model.TrackedValidator;
import io.valwatch.model.ValidatorFilter;
import io.valwatch.risk.RiskSettings;
import io.valwatch.rpc.RpcEndpoint;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
  private static final String FILE = "valwatch.yaml";

  private final Map<String, String> env =
      Map.of("RPC_KEY", "k3y-SECRET-0123456789abcdef", "POLL", "3s", "RPC_USER_URL", "https://ops:hunter2@rpc.example.net");
  private final ConfigLoader loader = new ConfigLoader(env::get, Set.of("cosmos-sdk"));

  private ExporterConfig parse(String yaml) {
    return loader.parse(yaml, FILE);
  }

  private ConfigException failure(String yaml) {
    Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(() -> parse(yaml));
    assertThat(thrown).isInstanceOf(ConfigException.class);
    return (ConfigException) thrown;
  }

  @Test
  void readsEveryKey() {
    ExporterConfig config =
        parse(
            """
            listen: 127.0.0.1:9400
            state_dir: /var/lib/valwatch
            chains:
              - id: cosmoshub-4
                plugin: cosmos-sdk
                rpc:
                  - https://rpc.cosmos.example
                  - http://127.0.0.1:26657
                validators:
                  - cosmosvaloper1vgc8pcu5flvjuwrluftrk0cw8npmk5k975wnnk
                  - address: cosmosvalcons1mudjvevx6jnd8f93uhtfqys6qf2yyhkxs84ktz
                    label: backup
                poll_interval: 500ms
                staking_refresh_interval: 1m30s
                endpoint_check_interval: 10s
                backfill_limit: 500
                max_in_flight: 3
                start_height: 1000
                solo_miss_threshold: 0.8
                websocket: false
                options:
                  denom_exponent: 6
                  grpc: grpc.cosmos.example:443
            """);

    assertThat(config.listen()).isEqualTo(new ListenAddress("127.0.0.1", 9400));
    assertThat(config.stateDirectory()).isEqualTo(Path.of("/var/lib/valwatch"));
    assertThat(config.chains()).hasSize(1);
    ChainSpec chain = config.chains().get(0);
    assertThat(chain.chainId()).isEqualTo("cosmoshub-4");
    assertThat(chain.pluginId()).contains("cosmos-sdk");
    assertThat(chain.endpoints()).map(Object::toString)
        .containsExactly("https://rpc.cosmos.example", "http://127.0.0.1:26657");
    assertThat(chain.validators())
        .containsExactly(new TrackedValidator("cosmosvaloper1vgc8pcu5flvjuwrluftrk0cw8npmk5k975wnnk", ""), new TrackedValidator("cosmosvalcons1mudjvevx6jnd8f93uhtfqys6qf2yyhkxs84ktz", "backup"));
    assertThat(chain.pollInterval()).isEqualTo(Duration.ofMillis(500));
    assertThat(chain.stakingRefreshInterval()).isEqualTo(Duration.ofSeconds(90));
    assertThat(chain.endpointCheckInterval()).isEqualTo(Duration.ofSeconds(10));
    assertThat(chain.backfillLimit()).isEqualTo(500);
    assertThat(chain.maxInFlight()).isEqualTo(3);
    assertThat(chain.startHeight()).isEqualTo(OptionalLong.of(1000));
    assertThat(chain.soloMissThreshold()).isEqualTo(0.8);
    assertThat(chain.websocket()).isFalse();
    assertThat(chain.pluginOptions()).isEqualTo(Map.of("denom_exponent", 6, "grpc", "grpc.cosmos.example:443"));
  }

  @Test
  void leavesUnsetKeysAtTheirDefaults() {
    ExporterConfig config =
        parse(
            """
            chains:
              - id: osmosis-1
                rpc: [https://rpc.osmosis.example]
            """);

    assertThat(config.listen()).isEqualTo(new ListenAddress("127.0.0.1", 9300));
    assertThat(config.stateDirectory()).isNull();
    ChainSpec expected = ChainSpec.builder("osmosis-1").rpcEndpoint("https://rpc.osmosis.example").build();
    assertThat(config.chains()).containsExactly(expected);
  }

  @Test
  void readsEveryRiskThresholdAndTheGovernanceInterval() {
    ChainSpec chain =
        parse(
                """
                chains:
                  - id: cosmoshub-4
                    rpc: [https://rpc.cosmos.example]
                    governance_refresh_interval: 15m
                    risk:
                      warning_fraction: 0.6
                      critical_fraction: 0.2
                      critical_time: 10m
                      consecutive_misses: 5
                      seat_margin: 0.1
                      rank_margin: 2
                      stall_factor: 8
                      lag_blocks: 20
                      upgrade_silence_before: 30
                      upgrade_silence_after: 100
                      rate_window_blocks: 50
                """)
            .chains()
            .get(0);

    assertThat(chain.governanceRefreshInterval()).isEqualTo(Duration.ofMinutes(15));
    assertThat(chain.risk())
        .isEqualTo(new RiskSettings(0.6, 0.2, Duration.ofMinutes(10), 5, 0.1, 2, 8, 20, 30, 100, 50));
  }

  @Test
  void unsetRiskKeysKeepTheirDefaultsAndZeroTurnsTheTimeRuleOff() {
    RiskSettings risk =
        parse("chains:\n  - id: a\n    rpc: [http://a]\n    risk:\n      critical_time: 0s\n      lag_blocks: 0\n")
            .chains()
            .get(0)
            .risk();

    assertThat(risk).isEqualTo(RiskSettings.builder().criticalTime(Duration.ZERO).lagBlocks(0).build());
    assertThat(parse("chains:\n  - id: a\n    rpc: [http://a]\n    risk: {}\n").chains().get(0).risk())
        .isEqualTo(RiskSettings.defaults());
  }

  @Test
  void badRiskThresholdsAreNamedWithTheirKeyAndLine() {
    String chain = "chains:\n  - id: a\n    rpc: [http://a]\n    risk:\n";
    assertThat(failure(chain + "      warning_fraction: 1.5\n").getMessage())
        .isEqualTo(
            "valwatch.yaml:5: chains[0].risk.warning_fraction: expected a share of the tolerated misses in (0, 1],"
                + " such as 0.5, got 1.5");
    assertThat(failure(chain + "      warning_fraction: 0.3\n      critical_fraction: 0.4\n").getMessage())
        .startsWith("valwatch.yaml:6: chains[0].risk.critical_fraction: critical_fraction (0.4) must not exceed"
            + " warning_fraction (0.3)");
    assertThat(failure(chain + "      warning_fraction: 0.05\n").getMessage())
        .startsWith("valwatch.yaml:5: chains[0].risk.warning_fraction: critical_fraction (0.1) must not exceed");
    assertThat(failure(chain + "      critical_time: soon\n").getMessage())
        .startsWith("valwatch.yaml:5: chains[0].risk.critical_time: expected a duration such as 500ms");
    assertThat(failure(chain + "      consecutive_misses: 0\n").getMessage())
        .isEqualTo(
            "valwatch.yaml:5: chains[0].risk.consecutive_misses: expected a whole number within"
                + " 1..9223372036854775807, got 0");
    assertThat(failure(chain + "      seat_margin: -0.1\n").getMessage())
        .startsWith("valwatch.yaml:5: chains[0].risk.seat_margin: expected a share of the seat price of at least 0");
    assertThat(failure(chain + "      stall_factor: 0\n").getMessage())
        .startsWith("valwatch.yaml:5: chains[0].risk.stall_factor: expected a number of block intervals above 0");
    assertThat(failure(chain + "      rate_window_blocks: 0\n").getMessage())
        .isEqualTo("valwatch.yaml:5: chains[0].risk.rate_window_blocks: expected a whole number within 1..2147483647, got 0");
    assertThat(failure(chain + "      criticaltime: 1m\n").getMessage())
        .startsWith("valwatch.yaml:5: chains[0].risk.criticaltime: unknown key 'criticaltime'; expected one of:"
            + " warning_fraction, critical_fraction, critical_time, consecutive_misses,");
    assertThat(failure("chains:\n  - id: a\n    rpc: [http://a]\n    risk: strict\n").getMessage())
        .startsWith("valwatch.yaml:4: chains[0].risk: expected a mapping of warning_fraction,");
    assertThat(failure("chains:\n  - id: a\n    rpc: [http://a]\n    governance_refresh_interval: 0s\n").getMessage())
        .isEqualTo("valwatch.yaml:4: chains[0].governance_refresh_interval: must be longer than zero");
  }

  @Test
  void validatorsAllTurnsOnNetworkModeWithItsFiltersAndCap() {
    ChainSpec plain = parse("chains:\n  - id: a\n    rpc: [http://a]\n    validators: all\n").chains().get(0);
    assertThat(plain.network()).contains(NetworkMode.all());
    assertThat(plain.validators()).isEmpty();
    ChainSpec filtered =
        parse(
                """
                chains:
                  - id: a
                    rpc: [http://a]
                    validators: all
                    network:
                      include:
                        - moniker: "Kiln*"
                        - ranks: 1-50
                      exclude:
                        - moniker: "*test*"
                      max_tracked: 120
                """)
            .chains()
            .get(0);
    assertThat(filtered.network())
        .contains(
            new NetworkMode(
                List.of(ValidatorFilter.moniker("Kiln*"), ValidatorFilter.ranks(1, 50)),
                List.of(ValidatorFilter.moniker("*test*")),
                120));
    assertThat(parse("chains:\n  - id: a\n    rpc: [http://a]\n").chains().get(0).network()).isEmpty();
  }

  @Test
  void badNetworkModeKeysAreNamedWithTheirKeyAndLine() {
    String chain = "chains:\n  - id: a\n    rpc: [http://a]\n";
    assertThat(failure(chain + "    validators: everyone\n").getMessage())
        .isEqualTo("valwatch.yaml:4: chains[0].validators: expected 'all' or a list of validators, got 'everyone'");
    assertThat(failure(chain + "    validators: [x]\n    network: {max_tracked: 5}\n").problems())
        .extracting(ConfigProblem::toString)
        .contains("valwatch.yaml:5: chains[0].network: applies only to 'validators: all' (network mode)");
    String all = chain + "    validators: all\n    network:\n";
    assertThat(failure(all + "      max_tracked: 0\n").getMessage())
        .isEqualTo("valwatch.yaml:6: chains[0].network.max_tracked: expected a whole number within 1..100000, got 0");
    assertThat(failure(all + "      include:\n        - ranks: 50-1\n").getMessage())
        .isEqualTo("valwatch.yaml:7: chains[0].network.include[0].ranks: expected a rank range FIRST-LAST with"
            + " 1 <= FIRST <= LAST, got '50-1'");
    assertThat(failure(all + "      include:\n        - ranks: top\n").getMessage())
        .isEqualTo("valwatch.yaml:7: chains[0].network.include[0].ranks: expected a rank range FIRST-LAST such as"
            + " 1-50, got 'top'");
    assertThat(failure(all + "      exclude:\n        - moniker: \"\"\n").getMessage())
        .startsWith("valwatch.yaml:7: chains[0].network.exclude[0].moniker: is empty; expected a moniker pattern");
    assertThat(failure(all + "      exclude:\n        - {moniker: a, ranks: 1-2}\n").getMessage())
        .isEqualTo("valwatch.yaml:7: chains[0].network.exclude[0]: expected exactly one of 'moniker: PATTERN' or"
            + " 'ranks: FIRST-LAST'");
    assertThat(failure(all + "      exclude:\n        - name: a\n").getMessage())
        .isEqualTo("valwatch.yaml:7: chains[0].network.exclude[0].name: unknown key 'name'; expected one of:"
            + " moniker, ranks");
    assertThat(failure(all + "      cap: 5\n").getMessage())
        .isEqualTo("valwatch.yaml:6: chains[0].network.cap: unknown key 'cap'; expected one of: include, exclude,"
            + " max_tracked");
  }

  @Test
  void denomAndExponentSetTheDisplayUnitTogether() {
    String chain = "chains:\n  - id: a\n    rpc: [http://a]\n";
    assertThat(parse(chain + "    denom: ATOM\n    exponent: 6\n").chains().get(0).displayUnit())
        .contains(new DisplayUnit("ATOM", 6));
    assertThat(parse(chain).chains().get(0).displayUnit()).isEmpty();
    assertThat(failure(chain + "    denom: ATOM\n").getMessage())
        .isEqualTo("valwatch.yaml:4: chains[0].denom: needs 'exponent' too: the unit shown (such as ATOM) and its"
            + " power of ten in base units (6 for uatom)");
    assertThat(failure(chain + "    exponent: 6\n").getMessage())
        .startsWith("valwatch.yaml:4: chains[0].exponent: needs 'denom' too");
    assertThat(failure(chain + "    denom: ATOM\n    exponent: 40\n").getMessage())
        .isEqualTo("valwatch.yaml:5: chains[0].exponent: expected a whole number within 0..36, got 40");
    assertThat(failure(chain + "    denom: \" \"\n    exponent: 6\n").getMessage())
        .isEqualTo("valwatch.yaml:4: chains[0].denom: is empty");
  }

  @Test
  void substitutesEnvironmentVariablesWithAndWithoutDefaults() {
    ExporterConfig config =
        parse(
            """
            listen: ${LISTEN:-127.0.0.1:9301}
            chains:
              - id: ${CHAIN_ID:-cosmoshub-4}
                rpc:
                  - https://rpc.cosmos.example/${RPC_KEY}
                poll_interval: ${POLL}
                backfill_limit: ${BACKFILL:-42}
            """);

    assertThat(config.listen()).isEqualTo(new ListenAddress("127.0.0.1", 9301));
    ChainSpec chain = config.chains().get(0);
    assertThat(chain.chainId()).isEqualTo("cosmoshub-4");
    assertThat(chain.endpoints().get(0).url().toString())
        .isEqualTo("https://rpc.cosmos.example/k3y-SECRET-0123456789abcdef");
    assertThat(chain.pollInterval()).isEqualTo(Duration.ofSeconds(3));
    assertThat(chain.backfillLimit()).isEqualTo(42);
  }

  @Test
  void anUnsetVariableWithoutDefaultNamesTheVariableFileAndKey() {
    ConfigException e =
        failure(
            """
            chains:
              - id: cosmoshub-4
                rpc:
                  - ${COSMOS_RPC}
            """);

    assertThat(e.getMessage())
        .startsWith("valwatch.yaml:4: chains[0].rpc[0]: ")
        .contains("environment variable COSMOS_RPC is not set");
    assertThat(e.keyPath()).isEqualTo("chains[0].rpc[0]");
    assertThat(e.line()).isEqualTo(4);
  }

  @Test
  void everyProblemIsReportedOnceOrderedByLine() {
    ConfigException e =
        failure(
            """
            listen: nowhere
            chains:
              - id: cosmoshub-4
                rpc:
                  - ${COSMOS_RPC}
                poll_interval: often
                pollinterval: 2s
                risk:
                  warning_fraction: most
                  critical_fraction: 0.2
            """);

    assertThat(e.problems())
        .extracting(ConfigProblem::line, ConfigProblem::keyPath)
        .containsExactly(
            tuple(1, "listen"),
            tuple(5, "chains[0].rpc[0]"),
            tuple(6, "chains[0].poll_interval"),
            tuple(7, "chains[0].pollinterval"),
            tuple(9, "chains[0].risk.warning_fraction"));
    assertThat(e.getMessage().lines()).hasSize(5).first().asString().startsWith("valwatch.yaml:1: listen: ");
    assertThat(e.keyPath()).isEqualTo("listen");
    assertThat(e.line()).isEqualTo(1);
  }

  @Test
  void aChainWithoutAValidIdStillHasItsOtherKeysChecked() {
    ConfigException e = failure("chains:\n  - id: [a]\n    rpc: [http://a]\n    websocket: maybe\n");

    assertThat(e.problems())
        .extracting(ConfigProblem::toString)
        .containsExactly(
            "valwatch.yaml:2: chains[0].id: expected a string, got a list",
            "valwatch.yaml:4: chains[0].websocket: expected true or false, got 'maybe'");
  }

  @Test
  void aMissingChainIdIsNamed() {
    ConfigException e =
        failure(
            """
            chains:
              - rpc: [https://rpc.cosmos.example]
            """);

    assertThat(e.getMessage()).isEqualTo("valwatch.yaml:2: chains[0].id: is required");
  }

  @Test
  void aChainNeedsAnRpcEndpoint() {
    assertThat(failure("chains:\n  - id: a\n    rpc: []\n").getMessage())
        .isEqualTo("valwatch.yaml:3: chains[0].rpc: is required: list at least one CometBFT RPC URL");
    assertThat(failure("chains:\n  - id: a\n").getMessage())
        .startsWith("valwatch.yaml:2: chains[0].rpc: is required");
  }

  @Test
  void aBadUrlIsNamedByItsIndex() {
    ConfigException e =
        failure(
            """
            chains:
              - id: cosmoshub-4
                rpc:
                  - https://rpc.cosmos.example
                  - ftp://rpc.cosmos.example
            """);

    assertThat(e.getMessage()).startsWith("valwatch.yaml:5: chains[0].rpc[1]: ").contains("ftp");
  }

  @Test
  void aBadDurationSaysWhatIsExpected() {
    ConfigException e =
        failure(
            """
            chains:
              - id: cosmoshub-4
                rpc: [https://rpc.cosmos.example]
                poll_interval: 2 seconds
            """);

    assertThat(e.getMessage())
        .isEqualTo(
            "valwatch.yaml:4: chains[0].poll_interval: expected a duration such as 500ms, 2s, 1m30s or 1h, got '2 seconds'");
  }

  @Test
  void aZeroDurationIsRejected() {
    assertThat(failure("chains:\n  - id: a\n    rpc: [http://a]\n    endpoint_check_interval: 0s\n").getMessage())
        .isEqualTo("valwatch.yaml:4: chains[0].endpoint_check_interval: must be longer than zero");
  }

  @Test
  void unknownKeysAreRejectedWithTheKeysThatExist() {
    assertThat(failure("listn: 1.2.3.4:5\nchains: []\n").problems())
        .extracting(ConfigProblem::toString)
        .containsExactly(
            "valwatch.yaml:1: listn: unknown key 'listn'; expected one of: listen, state_dir, web_config, chains, alerts,"
                + " actions, compat, heartbeat",
            "valwatch.yaml:2: chains: is required: list at least one chain");
    ConfigException nested =
        failure(
            """
            chains:
              - id: cosmoshub-4
                rpc: [https://rpc.cosmos.example]
                pollinterval: 2s
            """);
    assertThat(nested.getMessage()).startsWith("valwatch.yaml:4: chains[0].pollinterval: unknown key 'pollinterval'");
    assertThat(failure("chains:\n  - id: a\n    rpc: [http://a]\n    validators:\n      - adress: x\n").getMessage())
        .startsWith("valwatch.yaml:5: chains[0].validators[0].adress: unknown key 'adress'; expected one of: address, label");
  }

  @Test
  void wrongTypesSayWhatWasExpected() {
    assertThat(failure("chains:\n  - id: a\n    rpc: [http://a]\n    max_in_flight: 0\n").getMessage())
        .isEqualTo("valwatch.yaml:4: chains[0].max_in_flight: expected a whole number within 1..64, got 0");
    assertThat(failure("chains:\n  - id: a\n    rpc: [http://a]\n    backfill_limit: lots\n").getMessage())
        .isEqualTo("valwatch.yaml:4: chains[0].backfill_limit: expected a whole number within 0..9223372036854775807, got 'lots'");
    assertThat(failure("chains:\n  - id: a\n    rpc: http://a\n").getMessage())
        .isEqualTo("valwatch.yaml:3: chains[0].rpc: expected a list, got a string");
    assertThat(failure("chains:\n  - id: a\n    rpc: [http://a]\n    websocket: maybe\n").getMessage())
        .isEqualTo("valwatch.yaml:4: chains[0].websocket: expected true or false, got 'maybe'");
    assertThat(failure("chains:\n  - id: [a]\n    rpc: [http://a]\n").getMessage())
        .isEqualTo("valwatch.yaml:2: chains[0].id: expected a string, got a list");
    assertThat(failure("chains:\n  cosmoshub-4: {}\n").getMessage())
        .isEqualTo("valwatch.yaml:1: chains: expected a list, got a mapping");
    assertThat(failure("chains:\n  - id: a\n    rpc: [http://a]\n    start_height: 0\n").getMessage())
        .isEqualTo("valwatch.yaml:4: chains[0].start_height: expected a whole number within 1..9223372036854775807, got 0");
  }

  @Test
  void theSoloMissThresholdMustBeAShareAboveZero() {
    for (String value : new String[] {"0", "1.5", "-0.2"}) {
      assertThat(failure("chains:\n  - id: a\n    rpc: [http://a]\n    solo_miss_threshold: " + value + "\n").getMessage())
          .startsWith("valwatch.yaml:4: chains[0].solo_miss_threshold: expected a share of voting power in (0, 1]");
    }
    assertThat(parse("chains:\n  - id: a\n    rpc: [http://a]\n    solo_miss_threshold: 1\n").chains().get(0).soloMissThreshold())
        .isEqualTo(1.0);
  }

  @Test
  void credentialsInUrlsNeverAppearInErrors() {
    ConfigException badUrl =
        failure(
            """
            chains:
              - id: cosmoshub-4
                rpc:
                  - htps://admin:hunter2@rpc.cosmos.example/?api_key=topsecretvalue
            """);
    assertThat(badUrl.getMessage()).startsWith("valwatch.yaml:4: chains[0].rpc[0]: ")
        .doesNotContain("hunter2").doesNotContain("topsecretvalue");

    ConfigException typo =
        failure(
            """
            chains:
              - id: cosmoshub-4
                rpc:
                  - ${RPC_USER_URL}/${RPC_KEY}
                validators: [cosmosvaloper1vgc8pcu5flvjuwrluftrk0cw8npmk5k975wnnk]
                poll_interval: often
            """);
    assertThat(typo.getMessage()).doesNotContain("hunter2").doesNotContain("SECRET");

    ConfigException notAList = failure("chains:\n  - id: a\n    rpc: https://ops:hunter2@rpc.example.net\n");
    assertThat(notAList.getMessage()).doesNotContain("hunter2");
  }

  @Test
  void rpcEntryWithADisplayNameAndSecretPathSegments() {
    ExporterConfig config =
        parse(
            """
            chains:
              - id: cosmoshub-4
                rpc:
                  - url: https://rpc.example.net/key/Ab12Cd34
                    secret_path_segments: [Ab12Cd34]
                  - url: https://rpc2.example.net/v1/Zz99Yy88
                    name: provider-b
                validators: [cosmosvaloper1vgc8pcu5flvjuwrluftrk0cw8npmk5k975wnnk]
            """);

    List<RpcEndpoint> endpoints = config.chains().get(0).endpoints();
    assertThat(endpoints.get(0).redacted()).isEqualTo("https://rpc.example.net/key/***");
    assertThat(endpoints.get(1).redacted()).isEqualTo("provider-b");
    assertThat(endpoints.get(1).url().toString()).isEqualTo("https://rpc2.example.net/v1/Zz99Yy88");
    assertThat(failure("chains:\n  - id: a\n    rpc:\n      - url: http://a\n        nmae: x\n").getMessage())
        .contains("nmae");
  }

  @Test
  void yamlSyntaxErrorsGiveTheLine() {
    ConfigException e = failure("chains:\n  - id: a\n    rpc: [http://a\n    poll_interval: 2s\n");
    assertThat(e.getMessage()).startsWith("valwatch.yaml:").contains("not valid YAML");
    assertThat(e.line()).isPositive();
  }

  @Test
  void duplicateKeysAreRejected() {
    assertThat(failure("chains:\n  - id: a\n    id: b\n    rpc: [http://a]\n").getMessage())
        .startsWith("valwatch.yaml:3: ").contains("Duplicate field 'id'");
  }

  @Test
  void aChainMayAppearOnlyOnce() {
    assertThat(failure("chains:\n  - id: a\n    rpc: [http://a]\n  - id: a\n    rpc: [http://b]\n").getMessage())
        .isEqualTo("valwatch.yaml:4: chains[1].id: chain a is configured twice");
  }

  @Test
  void thePluginMustBeInstalled() {
    assertThat(failure("chains:\n  - id: a\n    plugin: initia\n    rpc: [http://a]\n").getMessage())
        .isEqualTo("valwatch.yaml:3: chains[0].plugin: no chain plugin 'initia' is installed; installed: cosmos-sdk");
  }

  @Test
  void anEmptyFileNeedsChains() {
    assertThat(failure("").getMessage()).isEqualTo("valwatch.yaml: the file is empty; it needs at least a 'chains' list");
    assertThat(failure("listen: 0.0.0.0:9300\n").getMessage()).isEqualTo("valwatch.yaml:1: chains: is required: list at least one chain");
  }

  @Test
  void loadsFromAFileAndNamesIt(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("chains.yaml");
    Files.writeString(file, "chains:\n  - id: a\n    rpc: [http://a]\n    poll_interval: fast\n");

    assertThatThrownBy(() -> loader.load(file))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith(file + ":4: chains[0].poll_interval: ");
    assertThatThrownBy(() -> loader.load(dir.resolve("missing.yaml")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("missing.yaml: cannot read the file");
  }

  @Test
  void theShippedExampleIsValid() {
    Path example = Path.of("..", "examples", "valwatch.yaml");
    ExporterConfig config = new ConfigLoader(Map.of("COSMOS_RPC_KEY", "a1b2c3d4e5f6a7b8c9d0")::get, Set.of("cosmos-sdk")).load(example);

    assertThat(config.listen()).isEqualTo(new ListenAddress("0.0.0.0", 9300));
    assertThat(config.chains()).extracting(ChainSpec::chainId).containsExactly("cosmoshub-4", "osmosis-1");
    assertThat(config.chains().get(0).endpoints()).map(Object::toString)
        .containsExactly("https://rpc.cosmos.example", "https://cosmos-rpc.provider.example/***");
    assertThat(config.chains().get(0).validators()).extracting(TrackedValidator::label).containsExactly("", "backup-signer");
    assertThat(config.chains().get(0).risk()).isEqualTo(RiskSettings.defaults());
    assertThat(config.chains().get(0).displayUnit()).contains(new DisplayUnit("ATOM", 6));
    assertThat(config.chains().get(1).network())
        .contains(new NetworkMode(List.of(), List.of(ValidatorFilter.moniker("*test*")), 300));
    assertThat(config.alerts().lifecycle().renotifyInterval()).isEqualTo(Duration.ofHours(4));
    assertThat(config.alerts().channels()).extracting(ChannelSpec::name).containsExactly("ops-webhook");
  }
}
