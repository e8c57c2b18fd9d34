package io.valwatch.plugins.cosmos;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import io.valwatch.rpc.AbciQueryResult;
import io.valwatch.rpc.CometRpcClient;
import io.valwatch.rpc.RpcException;
import java.io.IOException;
import java.util.List;

/** Queries through CometBFT {@code abci_query} on the chain's RPC endpoints: one RPC URL is enough. */
final class AbciTransport implements QueryTransport {
  private static final String SDK_CODESPACE = "sdk";
  /** {@code sdkerrors.ErrKeyNotFound}, which baseapp answers a query's gRPC {@code NOT_FOUND} with. */
  private static final long KEY_NOT_FOUND = 38;

  private final String chainId;
  private final Failover<CometRpcClient> clients;

  /** @param clients at least one, in the order to try them */
  AbciTransport(String chainId, List<CometRpcClient> clients) {
    if (clients.isEmpty()) {
      throw new IllegalArgumentException("chain " + chainId + " has no RPC endpoints to query");
    }
    this.chainId = chainId;
    this.clients = new Failover<>(clients);
  }

  @Override
  public <Req extends Message, Resp extends Message> Reply<Resp> query(
      QueryMethod<Req, Resp> method, Req request, long height) throws IOException {
    String path = method.path();
    byte[] data = request.toByteArray();
    String what = name() + " " + path + " on chain " + chainId;
    AbciQueryResult result =
        clients.call(
            what,
            client -> {
              String endpoint = client.endpoint().redacted();
              AbciQueryResult r;
              try {
                r = client.abciQuery(path, data, height);
              } catch (RpcException e) {
                throw new EndpointFailure(endpoint, e.getMessage(), e);
              }
              if (r.isOk() && r.value().length == 0 && !r.log().isEmpty()) {
                // A Cosmos SDK application answers a query with its reply, or with an error code; code 0 with
                // no value and a log ("does not exist") is a CometBFT application that ignores the path, such
                // as the kvstore example, looking the request bytes up as a key.
                throw ChainQueryException.refused(
                    what, path, endpoint, height, 0, "an empty value, as an application that is not a Cosmos SDK "
                        + "chain answers", r.log(), true, false);
              }
              if (!r.isOk()) {
                String codespace = r.codespace() == null ? "" : r.codespace();
                throw ChainQueryException.refused(
                    what, path, endpoint, height, r.code(), "codespace '" + codespace + "'", r.log(),
                    ChainQueryException.saysNotSupported(r.log()),
                    codespace.equals(SDK_CODESPACE) && r.code() == KEY_NOT_FOUND);
              }
              return r;
            });
    try {
      @SuppressWarnings("unchecked")
      Resp reply = (Resp) method.responsePrototype().getParserForType().parseFrom(result.value());
      return new Reply<>(reply, result.height());
    } catch (InvalidProtocolBufferException e) {
      throw new IOException(
          what + " at height " + result.height() + " returned bytes that are not a valid reply: " + e.getMessage(), e);
    }
  }

  @Override
  public String name() {
    return "abci_query";
  }

  /** The RPC clients belong to the core, which closes them. */
  @Override
  public void close() {}
}
