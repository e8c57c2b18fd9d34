package io.valwatch.exporter.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import io.valwatch.identity.ValidatorIdentity;
import io.valwatch.model.ChainSpec;
import io.valwatch.rpc.RpcEndpoint;
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
import java.util.function.Supplier;
import org.yaml.snakeyaml.LoaderOptions;

/**
 * Reads the exporter's YAML configuration file and checks it completely before anything starts. Every
 * problem is reported as a {@link ConfigException} that names the file, the key path and the line.
 *
 * <pre>{@code
 * ExporterConfig config = new ConfigLoader(System::getenv, Set.of("cosmos-sdk")).load(Path.of("valwatch.yaml"));
 * }</pre>
 */
public final class ConfigLoader {
  private static final Set<String> TOP_LEVEL_KEYS =
      orderedSet("listen", "state_dir", "web_config", "chains", "alerts", "actions", "compat", "heartbeat");
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
          "max_in_flight",
          "start_height",
          "solo_miss_threshold",
          "websocket",
          "options",
          "governance_refresh_interval",
          "risk",
          "network",
          "denom",
          "exponent");
  private static final Set<String> VALIDATOR_KEYS = orderedSet("address", "label", "guard");
  private static final Set<String> RPC_KEYS = orderedSet("url", "name", "secret_path_segments");
  /** {@code validators: all} switches a chain to network mode. */
  static final String ALL_VALIDATORS = "all";
  private static final int MAX_EXPONENT = 36;

  /** The largest configuration file read, in bytes (and characters): far above any real one. */
  static final int MAX_FILE_SIZE = 1024 * 1024;

  private static final int MAX_NESTING = 64;

  private final YAMLMapper mapper = new YAMLMapper(limitedFactory());
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
   * @throws ConfigException with every problem when the file cannot be read or its alerts section is not
   *     valid
   */
  public AlertsConfig loadAlerts(Path file) {
    ConfigErrors errors = new ConfigErrors();
    ConfigNode alerts = root(read(file), file.toString(), errors).get("alerts");
    if (alerts.isAbsent()) {
      errors.add(alerts.error("is required: the file configures no alert channels"));
    }
    AlertsConfig config = AlertsSection.read(alerts, errors);
    errors.throwIfAny();
    return config;
  }

  /**
   * Loads and checks a configuration file.
   *
   * @throws ConfigException with every problem when the file cannot be read or is not a valid configuration
   */
  public ExporterConfig load(Path file) {
    return parse(read(file), file.toString(), directoryOf(file));
  }

  /**
   * Loads and checks a web configuration file in the Prometheus exporter-toolkit format ({@code
   * tls_server_config}, {@code basic_auth_users}); file names in it are relative to its directory.
   *
   * @throws ConfigException with every problem when the file cannot be read or is not valid
   */
  public WebConfig loadWebConfig(Path file) {
    ConfigErrors errors = new ConfigErrors();
    ConfigNode root = parseTree(read(file), file.toString());
    WebConfig web = WebConfigSection.read(root, directoryOf(file), errors);
    errors.throwIfAny();
    return web;
  }

  private static Path directoryOf(Path file) {
    Path parent = file.toAbsolutePath().getParent();
    return parent == null ? Path.of("") : parent;
  }

  private static YAMLFactory limitedFactory() {
    LoaderOptions loader = new LoaderOptions();
    loader.setCodePointLimit(MAX_FILE_SIZE);
    loader.setNestingDepthLimit(MAX_NESTING);
    loader.setAllowDuplicateKeys(false);
    return YAMLFactory.builder()
        .loaderOptions(loader)
        .streamReadConstraints(
            StreamReadConstraints.builder().maxNestingDepth(MAX_NESTING).maxStringLength(MAX_FILE_SIZE).build())
        .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
        .build();
  }

  private static String read(Path file) {
    try {
      long size = Files.size(file);
      if (size > MAX_FILE_SIZE) {
        throw new ConfigException(file.toString(), "", 0, tooLarge(size + " bytes"));
      }
      return Files.readString(file);
    } catch (IOException e) {
      throw new ConfigException(file.toString(), "", 0, "cannot read the file: " + e);
    }
  }

  /**
   * Loads and checks configuration text; {@code sourceName} names it in error messages.
   *
   * @throws ConfigException with every problem when the text is not a valid configuration
   */
  public ExporterConfig parse(String yaml, String sourceName) {
    return parse(yaml, sourceName, Path.of(""));
  }

  /** Parses configuration text; relative file names in it are resolved against {@code baseDirectory}. */
  private ExporterConfig parse(String yaml, String sourceName, Path baseDirectory) {
    ConfigErrors errors = new ConfigErrors();
    ConfigNode root = root(yaml, sourceName, errors);
    if (root.isAbsent()) {
      throw root.error("the file is empty; it needs at least a 'chains' list");
    }
    ConfigNode listenNode = root.get("listen");
    ListenAddress listen =
        listenNode.isAbsent()
            ? ListenAddress.DEFAULT
            : errors.read(() -> listenAddress(listenNode)).orElse(ListenAddress.DEFAULT);
    ConfigNode stateDirNode = root.get("state_dir");
    Path stateDir =
        stateDirNode.isAbsent() ? null : errors.read(() -> Path.of(stateDirNode.text())).orElse(null);

    List<ChainSpec> chains = new ArrayList<>();
    List<GuardConfig> guards = new ArrayList<>();
    ConfigNode chainsNode = root.get("chains");
    List<ConfigNode> chainNodes = errors.read(chainsNode::elements).orElse(null);
    if (chainNodes != null && chainNodes.isEmpty()) {
      errors.add(chainsNode.error("is required: list at least one chain"));
    }
    Set<String> chainIds = new HashSet<>();
    for (ConfigNode chainNode : chainNodes == null ? List.<ConfigNode>of() : chainNodes) {
      chain(chainNode, baseDirectory, errors, guards)
          .ifPresent(
              chain -> {
                if (chainIds.add(chain.chainId())) {
                  chains.add(chain);
                } else {
                  errors.add(chainNode.get("id").error("chain " + chain.chainId() + " is configured twice"));
                }
              });
    }
    AlertsConfig alerts = AlertsSection.read(root.get("alerts"), errors);
    List<ActionConfig> actions = ActionsSection.read(root.get("actions"), !stateDirNode.isAbsent(), chains, errors);
    KilnCompat kiln = CompatSection.read(root.get("compat"), errors).orElse(null);
    HeartbeatConfig heartbeat = HeartbeatSection.read(root.get("heartbeat"), errors).orElse(null);
    WebConfig web = webConfig(root.get("web_config"), baseDirectory, errors);
    if (!guards.isEmpty() && stateDirNode.isAbsent()) {
      errors.add(stateDirNode.error("is required with a guard: without it a restart could broadcast its"
          + " transaction again"));
    }
    errors.throwIfAny();
    return new ExporterConfig(listen, stateDir, chains, alerts, kiln, heartbeat, web, actions, guards);
  }

  /** {@code web_config}: the name of a web configuration file, or the same settings written in place. */
  private WebConfig webConfig(ConfigNode node, Path baseDirectory, ConfigErrors errors) {
    if (node.isAbsent()) {
      return WebConfig.NONE;
    }
    if (node.isMapping()) {
      return WebConfigSection.read(node, baseDirectory, errors);
    }
    // The web configuration's own problems name its file and lines.
    return errors
        .read(
            () -> {
              Path file = baseDirectory.resolve(node.text());
              if (!Files.isReadable(file)) {
                throw node.error("cannot read the web configuration file " + file);
              }
              return loadWebConfig(file);
            })
        .orElse(WebConfig.NONE);
  }

  private static ListenAddress listenAddress(ConfigNode node) {
    try {
      return ListenAddress.parse(node.text());
    } catch (IllegalArgumentException e) {
      throw node.error(e.getMessage());
    }
  }

  /** The top level of configuration text, its keys checked. A YAML syntax error is thrown at once. */
  private ConfigNode root(String yaml, String sourceName, ConfigErrors errors) {
    ConfigNode root = parseTree(yaml, sourceName);
    if (!root.isAbsent() && !root.checkMapping(TOP_LEVEL_KEYS, errors)) {
      errors.throwIfAny();
    }
    return root;
  }

  private static String tooLarge(String size) {
    return "the file holds " + size + "; a configuration may hold at most " + MAX_FILE_SIZE / 1024 + " KiB";
  }

  /**
   * The tree of configuration text. A YAML syntax error, an alias, a second document or text beyond the size
   * limit is thrown at once.
   */
  private ConfigNode parseTree(String yaml, String sourceName) {
    if (yaml.length() > MAX_FILE_SIZE) {
      throw new ConfigException(sourceName, "", 0, tooLarge(yaml.length() + " characters"));
    }
    JsonNode tree;
    Map<String, Integer> lines;
    try {
      lines = scan(yaml, sourceName);
      tree = mapper.readTree(yaml);
    } catch (JsonProcessingException e) {
      int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
      throw new ConfigException(sourceName, "", line, "not valid YAML: " + firstLine(e.getOriginalMessage()));
    } catch (IOException e) {
      throw new UncheckedIOException("reading configuration text", e);
    }
    return ConfigNode.root(new ConfigNode.Source(sourceName, environment, lines), tree);
  }

  /** The chain of {@code node}; empty when any of its keys has a problem, all of them recorded. */
  private Optional<ChainSpec> chain(
      ConfigNode node, Path baseDirectory, ConfigErrors errors, List<GuardConfig> guards) {
    int problemsBefore = errors.count();
    if (!node.checkMapping(CHAIN_KEYS, errors)) {
      return Optional.empty();
    }
    ConfigNode idNode = node.get("id");
    // Without a valid id the other keys are still checked; the chain is then not built.
    String chainId = errors.read(() -> nonEmpty(idNode)).orElse("unnamed");
    ChainSpec.Builder spec = ChainSpec.builder(chainId);

    ConfigNode plugin = node.get("plugin");
    if (!plugin.isAbsent()) {
      errors.read(() -> installedPlugin(plugin)).ifPresent(spec::plugin);
    }

    ConfigNode rpcNode = node.get("rpc");
    List<ConfigNode> rpc = errors.read(rpcNode::elements).orElse(null);
    if (rpc != null && rpc.isEmpty()) {
      errors.add(rpcNode.error("is required: list at least one CometBFT RPC URL"));
    }
    for (ConfigNode url : rpc == null ? List.<ConfigNode>of() : rpc) {
      // The endpoint's own message shows the URL redacted.
      if (!url.isMapping()) {
        errors.check(() -> applying(url, () -> spec.rpcEndpoint(url.text())));
      } else if (url.checkMapping(RPC_KEYS, errors)) {
        errors.check(() -> applying(url, () -> spec.rpcEndpoint(rpcEndpoint(url))));
      }
    }

    ConfigNode validators = node.get("validators");
    ConfigNode network = node.get("network");
    if (validators.isString()) {
      String text = validators.text().strip();
      if (text.equals(ALL_VALIDATORS)) {
        NetworkSection.read(network, errors).ifPresent(spec::trackAll);
      } else {
        errors.add(validators.error("expected '" + ALL_VALIDATORS + "' or a list of validators, got '" + text + "'"));
      }
    } else if (!network.isAbsent()) {
      errors.add(network.error("applies only to 'validators: " + ALL_VALIDATORS + "' (network mode)"));
    }
    for (ConfigNode validator :
        validators.isString() ? List.<ConfigNode>of() : errors.read(validators::elements).orElse(List.<ConfigNode>of())) {
      if (!validator.isMapping()) {
        errors.check(() -> applying(validator, () -> spec.track(identity(validator))));
      } else if (validator.checkMapping(VALIDATOR_KEYS, errors)) {
        ConfigNode label = validator.get("label");
        ConfigNode address = validator.get("address");
        errors.check(
            () -> applying(address, () -> spec.track(identity(address), label.isAbsent() ? "" : label.text())));
        GuardSection.read(validator.get("guard"), chainId,
                plugin.isAbsent() || !plugin.isString() ? Optional.empty() : Optional.of(plugin.text()), address,
                baseDirectory, errors)
            .ifPresent(guards::add);
      }
    }

    duration(node.get("poll_interval"), errors).ifPresent(spec::pollInterval);
    duration(node.get("staking_refresh_interval"), errors).ifPresent(spec::stakingRefreshInterval);
    duration(node.get("endpoint_check_interval"), errors).ifPresent(spec::endpointCheckInterval);
    duration(node.get("governance_refresh_interval"), errors).ifPresent(spec::governanceRefreshInterval);
    ConfigNode backfill = node.get("backfill_limit");
    if (!backfill.isAbsent()) {
      errors.read(() -> backfill.wholeNumber(0, Long.MAX_VALUE)).ifPresent(spec::backfillLimit);
    }
    ConfigNode maxInFlight = node.get("max_in_flight");
    if (!maxInFlight.isAbsent()) {
      errors
          .read(() -> maxInFlight.wholeNumber(1, ChainSpec.MAX_IN_FLIGHT_LIMIT))
          .ifPresent(n -> spec.maxInFlight(n.intValue()));
    }
    ConfigNode startHeight = node.get("start_height");
    if (!startHeight.isAbsent()) {
      errors.read(() -> startHeight.wholeNumber(1, Long.MAX_VALUE)).ifPresent(spec::startHeight);
    }
    ConfigNode solo = node.get("solo_miss_threshold");
    if (!solo.isAbsent()) {
      errors.read(() -> soloMissThreshold(solo)).ifPresent(spec::soloMissThreshold);
    }
    ConfigNode websocket = node.get("websocket");
    if (!websocket.isAbsent()) {
      errors.read(websocket::bool).ifPresent(spec::websocket);
    }
    ConfigNode options = node.get("options");
    if (!options.isAbsent()) {
      errors.read(() -> pluginOptions(options)).ifPresent(plain -> plain.forEach(spec::pluginOption));
    }
    RiskSection.read(node.get("risk"), errors).ifPresent(spec::risk);
    displayUnit(node, errors, spec);

    if (errors.count() > problemsBefore) {
      return Optional.empty();
    }
    return errors.read(() -> applying(node, spec::build));
  }

  /** {@code denom} and {@code exponent}, which come together: 'ATOM' alone could mean base units or 10^6. */
  private static void displayUnit(ConfigNode chain, ConfigErrors errors, ChainSpec.Builder spec) {
    ConfigNode denom = chain.get("denom");
    ConfigNode exponent = chain.get("exponent");
    if (denom.isAbsent() && exponent.isAbsent()) {
      return;
    }
    if (denom.isAbsent() || exponent.isAbsent()) {
      ConfigNode given = denom.isAbsent() ? exponent : denom;
      errors.add(given.error("needs '" + (denom.isAbsent() ? "denom" : "exponent")
          + "' too: the unit shown (such as ATOM) and its power of ten in base units (6 for uatom)"));
      return;
    }
    Optional<String> name = errors.read(() -> nonEmpty(denom));
    Optional<Long> power = errors.read(() -> exponent.wholeNumber(0, MAX_EXPONENT));
    if (name.isPresent() && power.isPresent()) {
      spec.displayUnit(name.get(), power.get().intValue());
    }
  }

  /**
   * A validator's address, key or hex as written, once it reads as one: a typo or a bad checksum is an error
   * here rather than a validator that is silently not watched.
   */
  private static String identity(ConfigNode node) {
    String identity = node.text().strip();
    try {
      ValidatorIdentity.parse(identity);
    } catch (IllegalArgumentException e) {
      throw node.error(e.getMessage());
    }
    return identity;
  }

  private static String nonEmpty(ConfigNode node) {
    String value = node.text().strip();
    if (value.isEmpty()) {
      throw node.error("is empty");
    }
    return value;
  }

  private String installedPlugin(ConfigNode node) {
    String id = node.text().strip();
    if (!installedPlugins.contains(id)) {
      throw node.error("no chain plugin '" + id + "' is installed; installed: " + String.join(", ", installedPlugins));
    }
    return id;
  }

  private static double soloMissThreshold(ConfigNode node) {
    double share = node.number();
    if (!(share > 0 && share <= 1)) {
      throw node.error("expected a share of voting power in (0, 1], such as 0.9, got " + share);
    }
    return share;
  }

  private static Map<String, Object> pluginOptions(ConfigNode node) {
    if (!node.isMapping()) {
      throw node.error("expected a mapping of plugin settings");
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> plain = (Map<String, Object>) node.plainValue();
    return plain;
  }

  /** Runs {@code step}, reporting the builder's rejection of the value as a problem of {@code node}. */
  private static <T> T applying(ConfigNode node, Supplier<T> step) {
    try {
      return step.get();
    } catch (IllegalArgumentException e) {
      throw node.error(e.getMessage());
    }
  }

  private static Optional<Duration> duration(ConfigNode node, ConfigErrors errors) {
    return node.isAbsent() ? Optional.empty() : errors.read(node::positiveDuration);
  }

  /**
   * The line of every key and value, by JSON pointer, so that later checks can name the line. Refuses what
   * the tree would silently get wrong: an alias (which would read as the anchor's name, not its value) and a
   * second document (which would be ignored).
   */
  private Map<String, Integer> scan(String yaml, String sourceName) throws IOException {
    Map<String, Integer> lines = new HashMap<>();
    YAMLFactory factory = mapper.getFactory();
    int documents = 0;
    try (JsonParser parser = factory.createParser(yaml)) {
      for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
        JsonStreamContext context = parser.getParsingContext();
        if (token.isStructStart() && context.getParent() != null) {
          context = context.getParent();
        }
        int line = parser.currentTokenLocation().getLineNr();
        String pointer = context.pathAsPointer().toString();
        if (parser instanceof YAMLParser yamlParser && yamlParser.isCurrentAlias()) {
          throw new ConfigException(
              sourceName,
              keyPath(pointer),
              line,
              "YAML aliases such as *" + parser.getText() + " are not supported; write the value out");
        }
        if ((token.isScalarValue() || token.isStructStart()) && context.inRoot() && ++documents > 1) {
          throw new ConfigException(
              sourceName,
              "",
              line,
              "a second YAML document starts here; a configuration file holds one document (remove the '---'"
                  + " and what follows it)");
        }
        lines.putIfAbsent(pointer, line);
      }
    }
    return lines;
  }

  /** {@code chains[0].rpc} for the JSON pointer {@code /chains/0/rpc}. */
  private static String keyPath(String pointer) {
    StringBuilder path = new StringBuilder();
    for (String segment : pointer.split("/")) {
      if (segment.isEmpty()) {
        continue;
      }
      String key = segment.replace("~1", "/").replace("~0", "~");
      if (key.chars().allMatch(Character::isDigit)) {
        path.append('[').append(key).append(']');
      } else {
        path.append(path.length() == 0 ? "" : ".").append(key);
      }
    }
    return path.toString();
  }

  private static String firstLine(String message) {
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }

  static Set<String> orderedSet(String... values) {
    return Collections.unmodifiableSet(new LinkedHashSet<>(List.of(values)));
  }

  /** An {@code rpc} entry written as a mapping: {@code url}, and optionally {@code name} and {@code secret_path_segments}. */
  private static RpcEndpoint rpcEndpoint(ConfigNode node) {
    RpcEndpoint endpoint = RpcEndpoint.parse(node.get("url").text());
    ConfigNode segments = node.get("secret_path_segments");
    if (!segments.isAbsent()) {
      endpoint = endpoint.withSecretPathSegments(segments.elements().stream().map(ConfigNode::text).toList());
    }
    ConfigNode name = node.get("name");
    return name.isAbsent() ? endpoint : endpoint.named(name.text());
  }
}
