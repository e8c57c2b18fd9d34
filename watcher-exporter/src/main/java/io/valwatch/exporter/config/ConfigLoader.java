package io.valwatch.exporter.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.valwatch.ChainSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Reads the exporter's YAML configuration file and checks it completely before anything starts. Every
 * problem is reported as a {@link ConfigException} that names the file, the key path and the line.
 *
 * <pre>{@code
 * ExporterConfig config = new ConfigLoader(System::getenv, Set.of("cosmos-sdk")).load(Path.of("valwatch.yaml"));
 * }</pre>
 */
public final class ConfigLoader {
  private static final Set<String> TOP_LEVEL_KEYS = orderedSet("listen", "state_dir", "chains", "alerts");
  private static final Set<String> CHAIN_KEYS =
      orderedSet(
          "id",
          "plugin",
          "rpc",
          "validators",
          "poll_interval",
          "staking_refresh_interval",
          "endpoint_check_interval",
          "backfill_limit",
          "start_height",
          "solo_miss_threshold",
          "websocket",
          "options",
          "governance_refresh_interval",
          "risk");
  private static final Set<String> VALIDATOR_KEYS = orderedSet("address", "label");

  private final YAMLMapper mapper =
      YAMLMapper.builder().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION).build();
  private final Function<String, String> environment;
  private final Set<String> installedPlugins;

  /**
   * @param environment looks up {@code ${VAR}} references; {@code null} for an unset variable
   * @param installedPlugins the chain plugin ids a chain may select
   */
  public ConfigLoader(Function<String, String> environment, Set<String> installedPlugins) {
    this.environment = Objects.requireNonNull(environment, "environment");
    this.installedPlugins = new TreeSet<>(installedPlugins);
  }

  /**
   * Loads only the {@code alerts} section of a configuration file (the demo's channels); the file needs no
   * chains, and other sections are checked for unknown keys only.
   *
   * @throws ConfigException when the file cannot be read or its alerts section is not valid
   */
  public AlertsConfig loadAlerts(Path file) {
    ConfigNode alerts = root(read(file), file.toString()).get("alerts");
    if (alerts.isAbsent()) {
      throw alerts.error("is required: the file configures no alert channels");
    }
    return AlertsSection.read(alerts);
  }

  /**
   * Loads and checks a configuration file.
   *
   * @throws ConfigException when the file cannot be read or is not a valid configuration
   */
  public ExporterConfig load(Path file) {
    return parse(read(file), file.toString());
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new ConfigException(file.toString(), "", 0, "cannot read the file: " + e);
    }
  }

  /** Parses configuration text; {@code sourceName} names it in error messages. */
  ExporterConfig parse(String yaml, String sourceName) {
    ConfigNode root = root(yaml, sourceName);
    if (root.isAbsent()) {
      throw root.error("the file is empty; it needs at least a 'chains' list");
    }
    ConfigNode listenNode = root.get("listen");
    ListenAddress listen = ListenAddress.DEFAULT;
    if (!listenNode.isAbsent()) {
      try {
        listen = ListenAddress.parse(listenNode.text());
      } catch (IllegalArgumentException e) {
        throw listenNode.error(e.getMessage());
      }
    }
    ConfigNode stateDirNode = root.get("state_dir");
    Path stateDir = stateDirNode.isAbsent() ? null : Path.of(stateDirNode.text());

    List<ConfigNode> chainNodes = root.get("chains").elements();
    if (chainNodes.isEmpty()) {
      throw root.get("chains").error("is required: list at least one chain");
    }
    List<ChainSpec> chains = new ArrayList<>();
    Set<String> chainIds = new HashSet<>();
    for (ConfigNode chainNode : chainNodes) {
      ChainSpec chain = chain(chainNode);
      if (!chainIds.add(chain.chainId())) {
        throw chainNode.get("id").error("chain " + chain.chainId() + " is configured twice");
      }
      chains.add(chain);
    }
    return new ExporterConfig(listen, stateDir, chains, AlertsSection.read(root.get("alerts")));
  }

  /** The checked top level of configuration text. */
  private ConfigNode root(String yaml, String sourceName) {
    JsonNode tree;
    Map<String, Integer> lines;
    try {
      lines = lineByPointer(yaml);
      tree = mapper.readTree(yaml);
    } catch (JsonProcessingException e) {
      int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
      throw new ConfigException(sourceName, "", line, "not valid YAML: " + firstLine(e.getOriginalMessage()));
    } catch (IOException e) {
      throw new UncheckedIOException("reading configuration text", e);
    }
    ConfigNode root = ConfigNode.root(new ConfigNode.Source(sourceName, environment, lines), tree);
    if (!root.isAbsent()) {
      root.requireMapping(TOP_LEVEL_KEYS);
    }
    return root;
  }

  private ChainSpec chain(ConfigNode node) {
    node.requireMapping(CHAIN_KEYS);
    String chainId = node.get("id").text().strip();
    if (chainId.isEmpty()) {
      throw node.get("id").error("is empty");
    }
    ChainSpec.Builder spec = ChainSpec.builder(chainId);

    ConfigNode plugin = node.get("plugin");
    if (!plugin.isAbsent()) {
      spec.plugin(plugin.text().strip());
    }

    List<ConfigNode> rpc = node.get("rpc").elements();
    if (rpc.isEmpty()) {
      throw node.get("rpc").error("is required: list at least one CometBFT RPC URL");
    }
    for (ConfigNode url : rpc) {
      try {
        spec.rpcEndpoint(url.text());
      } catch (IllegalArgumentException e) {
        // The endpoint's own message shows the URL redacted.
        throw url.error(e.getMessage());
      }
    }

    for (ConfigNode validator : node.get("validators").elements()) {
      try {
        if (validator.isMapping()) {
          validator.requireMapping(VALIDATOR_KEYS);
          ConfigNode label = validator.get("label");
          spec.track(validator.get("address").text(), label.isAbsent() ? "" : label.text());
        } else {
          spec.track(validator.text());
        }
      } catch (IllegalArgumentException e) {
        throw validator.error(e.getMessage());
      }
    }

    duration(node.get("poll_interval")).ifPresent(spec::pollInterval);
    duration(node.get("staking_refresh_interval")).ifPresent(spec::stakingRefreshInterval);
    duration(node.get("endpoint_check_interval")).ifPresent(spec::endpointCheckInterval);
    duration(node.get("governance_refresh_interval")).ifPresent(spec::governanceRefreshInterval);
    ConfigNode backfill = node.get("backfill_limit");
    if (!backfill.isAbsent()) {
      spec.backfillLimit(backfill.wholeNumber(0, Long.MAX_VALUE));
    }
    ConfigNode startHeight = node.get("start_height");
    if (!startHeight.isAbsent()) {
      spec.startHeight(startHeight.wholeNumber(1, Long.MAX_VALUE));
    }
    ConfigNode solo = node.get("solo_miss_threshold");
    if (!solo.isAbsent()) {
      double share = solo.number();
      if (!(share > 0 && share <= 1)) {
        throw solo.error("expected a share of voting power in (0, 1], such as 0.9, got " + share);
      }
      spec.soloMissThreshold(share);
    }
    ConfigNode websocket = node.get("websocket");
    if (!websocket.isAbsent()) {
      spec.websocket(websocket.bool());
    }
    ConfigNode options = node.get("options");
    if (!options.isAbsent()) {
      if (!options.isMapping()) {
        throw options.error("expected a mapping of plugin settings");
      }
      Object plain = options.plainValue();
      ((Map<?, ?>) plain).forEach((key, value) -> spec.pluginOption((String) key, value));
    }

    spec.risk(RiskSection.read(node.get("risk")));

    ChainSpec built;
    try {
      built = spec.build();
    } catch (IllegalArgumentException e) {
      throw node.error(e.getMessage());
    }
    if (built.pluginId().isPresent() && !installedPlugins.contains(built.pluginId().get())) {
      throw plugin.error(
          "no chain plugin '"
              + built.pluginId().get()
              + "' is installed; installed: "
              + String.join(", ", installedPlugins));
    }
    return built;
  }

  private static Optional<Duration> duration(ConfigNode node) {
    if (node.isAbsent()) {
      return Optional.empty();
    }
    Duration value = node.duration();
    if (value.isZero()) {
      throw node.error("must be longer than zero");
    }
    return Optional.of(value);
  }

  /** The line of every key and value, by JSON pointer, so that later checks can name the line. */
  private Map<String, Integer> lineByPointer(String yaml) throws IOException {
    Map<String, Integer> lines = new HashMap<>();
    YAMLFactory factory = mapper.getFactory();
    try (JsonParser parser = factory.createParser(yaml)) {
      for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
        JsonStreamContext context = parser.getParsingContext();
        if (token.isStructStart() && context.getParent() != null) {
          context = context.getParent();
        }
        lines.putIfAbsent(context.pathAsPointer().toString(), parser.currentTokenLocation().getLineNr());
      }
    }
    return lines;
  }

  private static String firstLine(String message) {
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }

  private static Set<String> orderedSet(String... values) {
    return Collections.unmodifiableSet(new LinkedHashSet<>(List.of(values)));
  }
}
