package io.valwatch.exporter;

import ch.qos.logback.classic.pattern.ClassicConverter;
import ch.qos.logback.classic.pattern.DateConverter;
import ch.qos.logback.classic.pattern.LoggerConverter;
import ch.qos.logback.classic.pattern.ThrowableProxyConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Context;
import ch.qos.logback.core.CoreConstants;
import ch.qos.logback.core.LayoutBase;
import java.util.List;

/**
 * The exporter's log line, {@value #PATTERN} in logback's pattern language, written by logback's own converters
 * for the time, the logger and a throwable. A {@code PatternLayout} would give the same text but first loads its
 * pattern parser and a converter for every word of the language, some 150 classes that a daemon keeps for its
 * whole life.
 */
final class LogLineLayout extends LayoutBase<ILoggingEvent> {
  static final String PATTERN = "%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX} %-5level %logger{24} - %msg%n";
  private static final String TIME = "yyyy-MM-dd'T'HH:mm:ss.SSSXXX";
  private static final int LEVEL_WIDTH = 5;
  private static final String LOGGER_LENGTH = "24";

  private final ClassicConverter time = new DateConverter();
  private final ClassicConverter logger = new LoggerConverter();
  private final ClassicConverter throwable = new ThrowableProxyConverter();

  @Override
  public void start() {
    start(time, TIME);
    start(logger, LOGGER_LENGTH);
    start(throwable, null);
    super.start();
  }

  private void start(ClassicConverter converter, String option) {
    Context context = getContext();
    converter.setContext(context);
    if (option != null) {
      converter.setOptionList(List.of(option));
    }
    converter.start();
  }

  @Override
  public String doLayout(ILoggingEvent event) {
    StringBuilder line = new StringBuilder(128);
    line.append(time.convert(event)).append(' ');
    String level = event.getLevel().toString();
    line.append(level);
    for (int i = level.length(); i < LEVEL_WIDTH; i++) {
      line.append(' ');
    }
    line.append(' ').append(logger.convert(event)).append(" - ").append(event.getFormattedMessage());
    line.append(CoreConstants.LINE_SEPARATOR);
    line.append(throwable.convert(event));
    return line.toString();
  }
}
