package io.valwatch.exporter.config;

import io.valwatch.action.Action;
import io.valwatch.action.AlertTrigger;
import io.valwatch.alert.Severity;
import io.valwatch.model.ChainSpec;
import io.valwatch.model.TrackedValidator;
import io.valwatch.risk.AlertKinds;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import okhttp3.HttpUrl;

/** Reads the top-level {@code actions} list. */
final class ActionsSection {
  private static final Set<String> ACTION_KEYS = ConfigLoader.orderedSet("name", "on", "run", "post", "cooldown", "dry_run");
  private static final Set<String> TRIGGER_KEYS =
      ConfigLoader.orderedSet("kinds", "min_severity", "chains", "validators", "labels");
  private static final Set<String> RUN_KEYS = ConfigLoader.orderedSet("command", "env", "timeout");
  private static final Set<String> POST_KEYS = ConfigLoader.orderedSet("url", "headers", "timeout");

  private ActionsSection() {}

  /**
   * The actions; those with a problem are left out, every problem recorded.
   *
   * @param stateDirectory whether the file names a {@code state_dir}, which actions need
   * @param chains the configured chains, which triggers must name correctly
   */
  static List<ActionConfig> read(ConfigNode node, boolean stateDirectory, List<ChainSpec> chains, ConfigErrors errors) {
    List<ConfigNode> entries = errors.read(node::elements).orElse(List.of());
    if (!entries.isEmpty() && !stateDirectory) {
      errors.add(node.error(
          "needs state_dir: what each action ran is kept there, so that a restart never runs it again"));
    }
    List<ActionConfig> actions = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (ConfigNode entry : entries) {
      action(entry, chains, errors).ifPresent(a -> {
        if (names.add(a.name())) {
          actions.add(a);
        } else {
          errors.add(entry.get("name").error("action '" + a.name() + "' is configured twice"));
        }
      });
    }
    return actions;
  }

  private static Optional<ActionConfig> action(ConfigNode node, List<ChainSpec> chains, ConfigErrors errors) {
    if (!node.checkMapping(ACTION_KEYS, errors)) {
      return Optional.empty();
    }
    int before = errors.count();
    Optional<String> name = errors.read(() -> name(node.get("name")));
    Optional<AlertTrigger> trigger = trigger(node.get("on"), chains, errors);
    Optional<ActionConfig.EffectSpec> effect = effect(node, errors);
    ConfigNode cooldownNode = node.get("cooldown");
    Duration cooldown =
        cooldownNode.isAbsent() ? Action.DEFAULT_COOLDOWN : errors.read(cooldownNode::duration).orElse(Duration.ZERO);
    ConfigNode dryRunNode = node.get("dry_run");
    boolean dryRun = !dryRunNode.isAbsent() && errors.read(dryRunNode::bool).orElse(false);
    if (errors.count() > before) {
      return Optional.empty();
    }
    return Optional.of(new ActionConfig(name.orElseThrow(), trigger.orElseThrow(), effect.orElseThrow(), cooldown, dryRun));
  }

  private static String name(ConfigNode node) {
    String name = node.text();
    if (!Action.validName(name)) {
      throw node.error("expected letters, digits, '_', '.' and '-', up to 64 characters, got '" + name + "'");
    }
    return name;
  }

  private static Optional<AlertTrigger> trigger(ConfigNode node, List<ChainSpec> chains, ConfigErrors errors) {
    if (node.isAbsent()) {
      errors.add(node.error("is required: the alert kinds (and optionally severity, chains, validators, labels)"
          + " the action runs on"));
      return Optional.empty();
    }
    if (!node.checkMapping(TRIGGER_KEYS, errors)) {
      return Optional.empty();
    }
    int before = errors.count();
    AlertTrigger.Builder trigger = AlertTrigger.builder();
    ConfigNode severityNode = node.get("min_severity");
    if (!severityNode.isAbsent()) {
      errors.read(() -> severity(severityNode)).ifPresent(trigger::minSeverity);
    }
    List<ChainSpec> covered = new ArrayList<>(chains);
    List<String> chainIds = strings(node.get("chains"), errors);
    if (!chainIds.isEmpty()) {
      covered.removeIf(c -> !chainIds.contains(c.chainId()));
      for (String id : chainIds) {
        if (chains.stream().noneMatch(c -> c.chainId().equals(id))) {
          errors.add(node.get("chains").error("no chain is configured with id '" + id + "'"));
        }
      }
      trigger.chains(chainIds.toArray(String[]::new));
    }
    boolean networkMode = covered.stream().anyMatch(ChainSpec::networkMode);
    List<String> validators = strings(node.get("validators"), errors);
    for (String v : validators) {
      if (!networkMode && covered.stream().flatMap(c -> c.validators().stream()).noneMatch(t -> t.identity().equals(v))) {
        errors.add(node.get("validators").error(
            "'" + v + "' is not a validator of " + (chainIds.isEmpty() ? "any chain" : "the chains named")
                + "; write it as in the chain's validators list"));
      }
    }
    trigger.validators(validators.toArray(String[]::new));
    List<String> labels = strings(node.get("labels"), errors);
    for (String l : labels) {
      if (covered.stream().flatMap(c -> c.validators().stream()).map(TrackedValidator::label).noneMatch(l::equals)) {
        errors.add(node.get("labels").error("no validator of the chains it covers has the label '" + l + "'"));
      }
    }
    trigger.labels(labels.toArray(String[]::new));
    ConfigNode kindsNode = node.get("kinds");
    List<String> kinds = strings(kindsNode, errors);
    if (kinds.isEmpty() && errors.count() == before) {
      errors.add(kindsNode.error("is required: list the alert kinds the action runs on, such as [jail_imminent]"));
    }
    List<String> multiEndpoint =
        covered.stream().filter(c -> c.endpoints().size() > 1).map(ChainSpec::chainId).toList();
    for (String kind : kinds) {
      if (!AlertKinds.FAMILIES.contains(AlertKinds.family(kind))) {
        errors.add(kindsNode.error("unknown alert kind '" + kind + "'; expected one of: "
            + String.join(", ", AlertKinds.FAMILIES)));
      } else if (!multiEndpoint.isEmpty() && !AlertKinds.CONFIRMABLE.contains(AlertKinds.family(kind))) {
        errors.add(kindsNode.error("'" + kind + "' cannot be confirmed on a second endpoint, so on "
            + String.join(", ", multiEndpoint) + " (more than one endpoint) the action would never run; actions"
            + " there run on " + String.join(", ", AlertKinds.CONFIRMABLE)));
      }
    }
    trigger.kinds(kinds.toArray(String[]::new));
    return errors.count() > before ? Optional.empty() : Optional.of(trigger.build());
  }

  private static Severity severity(ConfigNode node) {
    String text = node.text().strip();
    try {
      return Severity.valueOf(text.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw node.error("expected info, warning or critical, got '" + text + "'");
    }
  }

  /** A list of strings; an absent value is empty. */
  private static List<String> strings(ConfigNode node, ConfigErrors errors) {
    List<String> values = new ArrayList<>();
    for (ConfigNode e : errors.read(node::elements).orElse(List.of())) {
      errors.read(e::text).ifPresent(values::add);
    }
    return values;
  }

  private static Optional<ActionConfig.EffectSpec> effect(ConfigNode action, ConfigErrors errors) {
    ConfigNode run = action.get("run");
    ConfigNode post = action.get("post");
    if (run.isAbsent() == post.isAbsent()) {
      errors.add(action.error("give exactly one of 'run' (a command) and 'post' (a URL)"));
      return Optional.empty();
    }
    int before = errors.count();
    if (!run.isAbsent()) {
      if (!run.checkMapping(RUN_KEYS, errors)) {
        return Optional.empty();
      }
      List<String> argv = strings(run.get("command"), errors);
      List<String> written = new ArrayList<>();
      for (ConfigNode e : errors.read(run.get("command")::elements).orElse(List.of())) {
        errors.read(e::written).ifPresent(written::add);
      }
      if (argv.isEmpty() || argv.get(0).isBlank()) {
        errors.add(run.get("command").error(
            "is required: the program and its arguments as a list, such as [/usr/local/bin/fence, --now];"
                + " no shell reads it"));
      }
      Map<String, String> env = map(run.get("env"), errors);
      for (String name : env.keySet()) {
        if (!name.matches("[A-Za-z_][A-Za-z0-9_]*") || name.toUpperCase(Locale.ROOT).startsWith("VALWATCH_")) {
          errors.add(run.get("env").get(name).error(
              "'" + name + "': expected a variable name (letters, digits, '_') not starting with VALWATCH_"));
        }
      }
      Duration timeout = timeout(run.get("timeout"), ActionConfig.Command.DEFAULT_TIMEOUT, errors);
      return errors.count() > before ? Optional.empty() : Optional.of(new ActionConfig.Command(argv, written, env, timeout));
    }
    if (!post.checkMapping(POST_KEYS, errors)) {
      return Optional.empty();
    }
    Optional<String> url = errors.read(() -> {
      String text = post.get("url").text().strip();
      if (HttpUrl.parse(text) == null) {
        // Not echoed: the URL may be the credential.
        throw post.get("url").error("expected an http:// or https:// URL");
      }
      return text;
    });
    Map<String, String> headers = map(post.get("headers"), errors);
    Duration timeout = timeout(post.get("timeout"), ActionConfig.Post.DEFAULT_TIMEOUT, errors);
    return errors.count() > before ? Optional.empty() : Optional.of(new ActionConfig.Post(url.orElseThrow(), headers, timeout));
  }

  private static Duration timeout(ConfigNode node, Duration otherwise, ConfigErrors errors) {
    return node.isAbsent() ? otherwise : errors.read(node::positiveDuration).orElse(otherwise);
  }

  /** A mapping of strings, such as variables or headers; values are never echoed. */
  private static Map<String, String> map(ConfigNode node, ConfigErrors errors) {
    Map<String, String> values = new LinkedHashMap<>();
    if (node.isAbsent()) {
      return values;
    }
    if (!node.isMapping()) {
      errors.add(node.error("expected a mapping of names to values"));
      return values;
    }
    for (String key : node.keys()) {
      errors.read(node.get(key)::text).ifPresent(v -> values.put(key, v));
    }
    return values;
  }
}
