package io.valwatch.internal;

import java.io.IOException;

/** Answers that cannot all be true: a commit that does not fit its validator set, say. */
final class InconsistentChainDataException extends IOException {
  private static final long serialVersionUID = 1L;

  InconsistentChainDataException(String chainId, long height, String detail) {
    super("chain " + chainId + " height " + height + ": " + detail);
  }
}
