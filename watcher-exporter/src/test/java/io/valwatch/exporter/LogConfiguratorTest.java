package io.valwatch.exporter;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.PatternLayout;
import ch.qos.logback.classic.spi.Configurator.ExecutionStatus;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.LayoutWrappingEncoder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

class LogConfiguratorTest {
  @Test
  void theExporterLogsOneLinePerEventToStandardErrorAndJettyFromWarnOn() {
    LoggerContext context = new LoggerContext();
    assertThat(new LogConfigurator().configure(context)).isEqualTo(ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY);

    Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    assertThat(root.getLevel()).isEqualTo(Level.INFO);
    assertThat(context.getLogger("org.eclipse.jetty.server.Server").getEffectiveLevel()).isEqualTo(Level.WARN);
    assertThat(context.getLogger("io.valwatch.internal.ChainRunner").getEffectiveLevel()).isEqualTo(Level.INFO);
    ConsoleAppender<ILoggingEvent> stderr = (ConsoleAppender<ILoggingEvent>) root.getAppender("STDERR");
    assertThat(stderr.getTarget()).isEqualTo("System.err");
    assertThat(stderr.isStarted()).isTrue();
    assertThat(((LayoutWrappingEncoder<ILoggingEvent>) stderr.getEncoder()).getLayout())
        .isInstanceOf(LogLineLayout.class);
  }

  @Test
  void aLineIsWhatLogbacksPatternLayoutWritesForThePattern() {
    LoggerContext context = new LoggerContext();
    PatternLayout pattern = new PatternLayout();
    pattern.setContext(context);
    pattern.setPattern(LogLineLayout.PATTERN);
    pattern.start();
    LogLineLayout line = new LogLineLayout();
    line.setContext(context);
    line.start();
    IOException cause = new IOException("connection reset");
    IllegalStateException failure = new IllegalStateException("round failed", new UncheckedIOException(cause));
    failure.addSuppressed(new IllegalArgumentException("while closing"));

    for (ILoggingEvent event : new ILoggingEvent[] {
      event(context, "io.valwatch.internal.risk.AlertEvaluation", Level.INFO, "alert {} FIRING", null, "a/b/c"),
      event(context, "io.valwatch.exporter.RunCommand", Level.WARN, "listening on {}", null, "0.0.0.0:9300"),
      event(context, "x", Level.ERROR, "chain {}: round failed", failure, "cosmoshub-4"),
      event(context, "org.eclipse.jetty.server.Server", Level.DEBUG, "no arguments", null),
      event(context, "io.valwatch.Watcher", Level.TRACE, "{} {}", null, 1, null),
    }) {
      assertThat(line.doLayout(event)).isEqualTo(pattern.doLayout(event));
    }
  }

  private static ILoggingEvent event(
      LoggerContext context, String logger, Level level, String message, Throwable throwable, Object... args) {
    return new LoggingEvent(Logger.class.getName(), context.getLogger(logger), level, message, throwable, args);
  }

  @Test
  void logbackFindsItThroughTheServiceLoader() {
    assertThat(ServiceLoader.load(ch.qos.logback.classic.spi.Configurator.class).stream()
            .map(provider -> provider.type().getName()))
        .contains(LogConfigurator.class.getName());
  }
}
