package io.valwatch.exporter;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.valwatch.exporter.alerts.AlertDispatcher;
import io.valwatch.exporter.alerts.Channel;
import io.valwatch.exporter.alerts.ChannelSpec;
import io.valwatch.exporter.alerts.Channels;
import io.valwatch.exporter.alerts.ChatMutes;
import io.valwatch.exporter.alerts.DeliveryCounter;
import io.valwatch.exporter.config.AlertsConfig;
import io.valwatch.exporter.telegram.TelegramCommands;
import io.valwatch.model.ChainStatus;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import okhttp3.OkHttpClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Option;

/** The {@code --self-test} option and the start of alert delivery, shared by the commands that run the watcher. */
final class AlertingOption {
  private static final Logger log = LoggerFactory.getLogger(AlertingOption.class);

  @Option(
      names = "--self-test",
      description =
          "Sends one test notification through every alert channel at start and logs the outcome per channel"
              + " (same as 'alerts.self_test: true').")
  boolean selfTest;

  /** Made for the first channel: building an OkHttp client loads the JVM's trust store, a few MiB. */
  private OkHttpClient http;
  /** Telegram chats muted by commands, shared by the channels' notifiers and the command pollers. */
  private final ChatMutes mutes = new ChatMutes();

  private synchronized OkHttpClient http() {
    if (http == null) {
      http = new OkHttpClient();
    }
    return http;
  }

  /** Connects the configured channels, counts their deliveries in {@code registry}, and sends the self-test. */
  AlertDispatcher start(AlertsConfig config, PrometheusRegistry registry) {
    Channels factory = config.channels().isEmpty() ? null : new Channels(http(), Clock.systemUTC(), mutes);
    List<Channel> channels = new ArrayList<>();
    for (ChannelSpec spec : config.channels()) {
      Channel channel = factory.create(spec);
      channels.add(channel);
      log.info(
          "alert channel '{}': {}, minimum severity {}{}",
          channel.name(),
          channel.description(),
          spec.policy().minSeverity(),
          spec.policy().quietHours().map(hours -> ", quiet hours " + hours).orElse(""));
    }
    AlertDispatcher dispatcher = AlertDispatcher.start(channels, DeliveryCounter.register(registry));
    if (selfTest || config.selfTest()) {
      if (channels.isEmpty()) {
        log.warn("self-test requested, but no alert channel is configured");
      }
      dispatcher.selfTest();
    }
    return dispatcher;
  }

  /** Starts answering chat commands on every channel that takes them ({@code commands: true}); stop with close. */
  List<AutoCloseable> startCommands(AlertsConfig config, Supplier<List<ChainStatus>> status) {
    List<AutoCloseable> pollers = new ArrayList<>();
    for (ChannelSpec spec : config.channels()) {
      if (!spec.commandChats().isEmpty()) {
        pollers.add(TelegramCommands.start(spec, status, mutes, http(), Clock.systemUTC()));
      }
    }
    return pollers;
  }
}
