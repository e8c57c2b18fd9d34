package io.valwatch.rpc;

/**
 * The {@code response} of an {@code abci_query}.
 *
 * @param code 0 on success, the module's error code otherwise
 * @param log the error text when {@code code != 0}
 * @param codespace the module that raised the error
 * @param value the decoded reply bytes (protobuf for gRPC query paths)
 * @param height the height the query was answered at
 */
public record AbciQueryResult(int code, String log, String codespace, byte[] value, long height) {
  /** True when the query succeeded. */
  public boolean isOk() {
    return code == 0;
  }
}
