package io.valwatch.exporter;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.valwatch.action.Action;
import io.valwatch.action.ActionState;
import io.valwatch.action.ActionStatus;
import io.valwatch.action.ActionStore;
import io.valwatch.exporter.actions.ActionJson;
import io.valwatch.exporter.config.ConfigLoader;
import io.valwatch.exporter.config.ExporterConfig;
import io.valwatch.spi.ChainPlugin;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import okhttp3.OkHttpClient;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code valwatch actions}: what the configured actions did and whether they may run, and re-arming them. */
@Command(
    name = "actions",
    mixinStandardHelpOptions = true,
    versionProvider = ValwatchCommand.Version.class,
    description = "Lists the configured actions' state and re-arms them, through the state directory.",
    subcommands = {ActionsCommand.Status.class, ActionsCommand.Rearm.class})
final class ActionsCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getErr());
    return CommandLine.ExitCode.USAGE;
  }

  /** The configuration with actions, as {@code run} reads it. */
  private static ExporterConfig load(ConfigFileOption config, PluginsDirOption pluginsDir) {
    return new ConfigLoader(
            System::getenv, pluginsDir.load().plugins().stream().map(ChainPlugin::id).collect(Collectors.toSet()))
        .load(config.required());
  }

  /** The configured actions, then the Minter guards' broadcasts, as {@code run} builds them. */
  private static List<Action> actions(ExporterConfig config, OkHttpClient http) {
    List<Action> all = new ArrayList<>();
    config.actions().forEach(a -> all.add(a.action(http)));
    try (MinterGuards guards = MinterGuards.of(config)) {
      all.addAll(guards.actions());
    }
    return all;
  }

  private static ActionStore store(ExporterConfig config, CommandSpec spec) {
    if (config.actions().isEmpty() && config.guards().isEmpty()) {
      throw new CommandLine.ParameterException(spec.commandLine(), "the configuration has no actions");
    }
    return ActionStore.inDirectory(config.stateDirectory());
  }

  /** {@code valwatch actions status}: each configured action's state. */
  @Command(
      name = "status",
      mixinStandardHelpOptions = true,
      versionProvider = ValwatchCommand.Version.class,
      defaultValueProvider = LogLevelOption.QuietByDefault.class,
      description = {
        "Prints each configured action's state as the state directory records it: armed or disarmed (and"
            + " since when), a re-arm request waiting, its last attempt, its cooldown. Works while valwatch runs.",
      },
      exitCodeListHeading = "Exit codes:%n",
      exitCodeList = {
        "0:every action is armed",
        "1:an action is disarmed, or valwatch stopped while one ran",
        "2:the configuration or the command line is wrong"
      })
  static final class Status implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Mixin ConfigFileOption config;

    @Mixin OutputOption output;

    @Mixin PluginsDirOption pluginsDir;

    @Mixin LogLevelOption logLevel;

    @Override
    public Integer call() {
      logLevel.apply();
      ExporterConfig loaded = load(config, pluginsDir);
      ActionStore store = store(loaded, spec);
      Map<String, ActionState> states = store.load();
      Set<String> rearmRequests = store.rearmRequests();
      Instant now = Instant.now();
      OkHttpClient http = new OkHttpClient();
      PrintWriter out = spec.commandLine().getOut();
      boolean allArmed = true;
      TextTable table =
          new TextTable("ACTION", "STATE", "DRY RUN", "LAST ATTEMPT", "AT", "COOLDOWN UNTIL", "ON", "DOES");
      ArrayNode json = new ObjectMapper().createArrayNode();
      List<Action> actions = actions(loaded, http);
      for (Action a : actions) {
        ActionState s = states.getOrDefault(a.name(), ActionState.INITIAL);
        boolean rearmRequested = rearmRequests.contains(a.name());
        allArmed &= s.armed() && !s.running();
        String state = s.running() ? "stopped while running" : s.armed() ? "armed" : "disarmed";
        if (rearmRequested && !(s.armed() && !s.running())) {
          state += ", re-arm requested";
        }
        ActionStatus status = new ActionStatus(a.name(), a.trigger().describe(), a.effect().describe(), a.dryRun(),
            a.cooldown(), s, s.cooldownUntil(a.cooldown(), now),
            s.awaiting().stream().map(w -> w.occurrence().episode()).toList(), Map.of());
        Optional<Instant> cooldownUntil = status.cooldownUntil();
        table.row(
            a.name(), state, a.dryRun() ? "yes" : "no",
            s.lastAttempt().map(at -> at.outcome().label()).orElse(null),
            s.lastAttempt().map(at -> at.at().toString()).orElse(null),
            cooldownUntil.map(Instant::toString).orElse(null),
            a.trigger().describe(), a.effect().describe());
        ObjectNode n = ActionJson.of(status);
        json.add(n);
        n.put("rearm_requested", rearmRequested);
        s.lastAttempt().ifPresent(last -> ((ObjectNode) n.get("last_attempt")).put("detail", last.detail()));
        n.put("effect", a.effect().describe());
      }
      if (output.format == OutputFormat.JSON) {
        ObjectNode root = new ObjectMapper().createObjectNode();
        root.set("actions", json);
        out.println(root.toPrettyString());
      } else {
        table.print(out);
        for (Action a : actions) {
          ActionState s = states.getOrDefault(a.name(), ActionState.INITIAL);
          if (!s.armed() || s.running()) {
            out.printf("%nDISARMED %s since %s%s; re-arm with: valwatch actions rearm %s --config %s%n", a.name(),
                s.disarmedAt().map(Instant::toString).orElse("?"),
                s.lastAttempt().map(at -> " (" + at.outcome().label() + ": " + at.detail() + ")").orElse(""),
                a.name(), config.required());
          }
          for (ActionState.Awaiting w : s.awaiting()) {
            out.printf("%nHELD BACK %s for episode %s (%s): asked again every 15 s while valwatch runs, until a second"
                + " endpoint confirms it or its alert resolves%n", a.name(), w.occurrence().episode(), w.reported().label());
          }
        }
      }
      out.flush();
      return allArmed ? CommandLine.ExitCode.OK : 1;
    }
  }

  /** {@code valwatch actions rearm NAME}: lets a disarmed action run again. */
  @Command(
      name = "rearm",
      mixinStandardHelpOptions = true,
      versionProvider = ValwatchCommand.Version.class,
      defaultValueProvider = LogLevelOption.QuietByDefault.class,
      description = {
        "Re-arms an action that ran, so that it may run again at its next trigger: writes the request"
            + " <state_dir>/actions.rearm/<name>, which a running valwatch applies within a second (or the next"
            + " start does). Creating that file by hand does the same.",
      },
      exitCodeListHeading = "Exit codes:%n",
      exitCodeList = {"0:requested, or already armed", "2:the configuration or the command line is wrong"})
  static final class Rearm implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(index = "0", paramLabel = "<name>", description = "The action's name.")
    String name;

    @Mixin ConfigFileOption config;

    @Mixin PluginsDirOption pluginsDir;

    @Mixin LogLevelOption logLevel;

    @Override
    public Integer call() {
      logLevel.apply();
      ExporterConfig loaded = load(config, pluginsDir);
      ActionStore store = store(loaded, spec);
      List<String> names = actions(loaded, new OkHttpClient()).stream().map(Action::name).toList();
      if (!names.contains(name)) {
        throw new CommandLine.ParameterException(spec.commandLine(), "no action is called '" + name
            + "'; configured: " + String.join(", ", names));
      }
      ActionState s = store.load().getOrDefault(name, ActionState.INITIAL);
      PrintWriter out = spec.commandLine().getOut();
      if (s.armed() && !s.running()) {
        out.printf("%s: armed already; nothing to do%n", name);
      } else {
        store.requestRearm(name);
        out.printf("%s: re-arm requested; a running valwatch applies it within a second, otherwise the next start"
            + " does%n", name);
      }
      out.flush();
      return CommandLine.ExitCode.OK;
    }
  }
}
