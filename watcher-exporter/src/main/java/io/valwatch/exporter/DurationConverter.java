package io.valwatch.exporter;

import io.valwatch.exporter.config.Durations;
import java.time.Duration;
import picocli.CommandLine.ITypeConverter;

/** Lets picocli read durations written as in the configuration file: {@code 500ms}, {@code 60s}, {@code 2m}. */
final class DurationConverter implements ITypeConverter<Duration> {
  @Override
  public Duration convert(String value) {
    return Durations.parse(value);
  }
}
