package io.valwatch.rpc;

import java.io.IOException;

/** SCAFFOLD: replaced by the real exception hierarchy. */
public class RpcException extends IOException {
  public RpcException(String message) {
    super(message);
  }
}
