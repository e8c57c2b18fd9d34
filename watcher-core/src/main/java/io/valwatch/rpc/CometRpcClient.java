package io.valwatch.rpc;

import okhttp3.OkHttpClient;

/** SCAFFOLD: replaced by the real client. */
public final class CometRpcClient {
  private final RpcEndpoint endpoint;

  public CometRpcClient(RpcEndpoint endpoint, OkHttpClient http) {
    this.endpoint = endpoint;
  }

  public RpcEndpoint endpoint() {
    return endpoint;
  }

  public NodeStatus status() throws RpcException {
    throw new UnsupportedOperationException();
  }

  public Block block(long height) throws RpcException {
    throw new UnsupportedOperationException();
  }

  public Block latestBlock() throws RpcException {
    throw new UnsupportedOperationException();
  }

  public Commit commit(long height) throws RpcException {
    throw new UnsupportedOperationException();
  }

  public ValidatorSet validators(long height) throws RpcException {
    throw new UnsupportedOperationException();
  }

  public AbciQueryResult abciQuery(String path, byte[] data, long height) throws RpcException {
    throw new UnsupportedOperationException();
  }

  public BlockSubscription subscribeNewBlocks(BlockSubscription.Listener listener) {
    throw new UnsupportedOperationException();
  }

  public long requestCount(RequestOutcome outcome) {
    throw new UnsupportedOperationException();
  }
}
