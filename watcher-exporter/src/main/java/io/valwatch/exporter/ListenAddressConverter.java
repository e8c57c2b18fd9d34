package io.valwatch.exporter;

import io.valwatch.exporter.config.ListenAddress;
import picocli.CommandLine.ITypeConverter;

/** Lets picocli read {@code --listen host:port}. */
final class ListenAddressConverter implements ITypeConverter<ListenAddress> {
  @Override
  public ListenAddress convert(String value) {
    return ListenAddress.parse(value);
  }
}
