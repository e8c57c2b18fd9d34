package io.valwatch.exporter;

import picocli.CommandLine.Option;

/** The {@code --output} option, shared by the one-shot commands that print a result. */
final class OutputOption {
  @Option(
      names = {"-o", "--output"},
      paramLabel = "<format>",
      defaultValue = "table",
      converter = OutputFormat.Converter.class,
      description = "table (aligned text) or json. Default: ${DEFAULT-VALUE}.")
  OutputFormat format;
}
