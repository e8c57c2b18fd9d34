package io.valwatch.exporter;

import java.util.Locale;
import picocli.CommandLine.ITypeConverter;

/** How the one-shot commands print their result. */
enum OutputFormat {
  /** Aligned text for a terminal. */
  TABLE,
  /** One JSON document, for scripts. */
  JSON;

  /** Reads {@code table} or {@code json} in any case. */
  static final class Converter implements ITypeConverter<OutputFormat> {
    @Override
    public OutputFormat convert(String value) {
      try {
        return OutputFormat.valueOf(value.strip().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("expected table or json, got '" + value + "'");
      }
    }
  }
}
