package io.valwatch.exporter.config;

import io.valwatch.action.Action;
import io.valwatch.action.AlertTrigger;
import io.valwatch.action.CommandEffect;
import io.valwatch.action.Effect;
import io.valwatch.action.EffectResult;
import io.valwatch.action.Occurrence;
import io.valwatch.action.PostEffect;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;

/**
 * One entry of the {@code actions} section.
 *
 * @param name the action's name
 * @param trigger the alerts it runs on
 * @param effect what it does
 * @param cooldown how long after a run it does not run again
 * @param dryRun whether it only logs what it would do
 */
public record ActionConfig(String name, AlertTrigger trigger, EffectSpec effect, Duration cooldown, boolean dryRun) {
  public ActionConfig {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(trigger, "trigger");
    Objects.requireNonNull(effect, "effect");
    Objects.requireNonNull(cooldown, "cooldown");
  }

  /** The action, its POSTs sent through a client derived from {@code http}. */
  public Action action(OkHttpClient http) {
    return Action.builder(name)
        .trigger(trigger)
        .effect(effect.effect(http))
        .cooldown(cooldown)
        .dryRun(dryRun)
        .build();
  }

  /** What an action does: {@code run} a command or {@code post} to a URL. */
  public sealed interface EffectSpec permits Command, Post {
    Effect effect(OkHttpClient http);
  }

  /**
   * {@code run}: a program and its arguments, extra environment variables (never shown), a timeout.
   *
   * @param argv the program and its arguments
   * @param written the same as written in the file, {@code ${VAR}} references unresolved: what logs show
   * @param environment variables added to valwatch's own
   * @param timeout how long it may run
   */
  public record Command(List<String> argv, List<String> written, Map<String, String> environment, Duration timeout)
      implements EffectSpec {
    /** The timeout when none is given. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    public Command {
      argv = List.copyOf(argv);
      written = List.copyOf(written);
      environment = Map.copyOf(environment);
    }

    /** The command, shown as written: every log line and notice names the arguments, never a secret. */
    @Override
    public Effect effect(OkHttpClient http) {
      CommandEffect command = new CommandEffect(argv, environment, timeout);
      String shown = "run " + String.join(" ", written);
      return new Effect() {
        @Override
        public EffectResult run(String action, Occurrence occurrence) throws InterruptedException {
          return command.run(action, occurrence);
        }

        @Override
        public String describe() {
          return shown;
        }
      };
    }

    @Override
    public String toString() {
      return "Command[" + argv.get(0) + ", " + environment.size() + " variable(s), " + timeout + "]";
    }
  }

  /**
   * {@code post}: a URL and request headers, both possibly secret and never shown, and a timeout.
   *
   * @param url the http or https URL
   * @param headers request headers
   * @param timeout for the whole request
   */
  public record Post(String url, Map<String, String> headers, Duration timeout) implements EffectSpec {
    /** The timeout when none is given. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

    public Post {
      Objects.requireNonNull(url, "url");
      headers = Map.copyOf(headers);
    }

    @Override
    public Effect effect(OkHttpClient http) {
      return new PostEffect(url, headers, timeout, http);
    }

    @Override
    public String toString() {
      HttpUrl u = HttpUrl.parse(url);
      return "Post[" + (u == null ? "?" : u.scheme() + "://" + u.host()) + "/…, " + headers.size() + " header(s), "
          + timeout + "]";
    }
  }
}
