package io.valwatch.rpc;

/**
 * A live {@code tm.event='NewBlock'} subscription over a node's {@code /websocket}. Closing it unsubscribes
 * and closes the socket.
 */
public interface BlockSubscription extends AutoCloseable {
  /** Receives what the subscription delivers, on a thread of the HTTP client's dispatcher. */
  interface Listener {
    /** A new block, in the order the node sent it. */
    void onBlock(Block block);

    /**
     * The subscription ended: the node closed it, the connection failed, or the node refused the
     * subscription. {@code cause} is {@code null} after {@link BlockSubscription#close()}.
     */
    void onClosed(RpcException cause);
  }

  @Override
  void close();
}
