package io.valwatch.plugins.cosmos;

import com.google.protobuf.Message;
import java.io.IOException;

/**
 * Sends a Cosmos SDK gRPC query to a chain and returns the reply as the protobuf message the query
 * defines, whatever travels on the wire: {@code abci_query} over CometBFT RPC, native gRPC, or LCD REST
 * JSON. An implementation holds every endpoint of one chain and moves on to the next one when an
 * endpoint cannot be reached, starting later queries with the endpoint that last answered. Not
 * thread-safe: one chain's reads happen on one thread.
 */
public interface QueryTransport extends AutoCloseable {
  /**
   * Sends one query.
   *
   * @param height the block height to read state at, or 0 for the latest
   * @throws ChainQueryException when a node answered with an error, such as a query the chain does not
   *     serve; other endpoints are not tried, since they would give the same answer
   * @throws IOException when no endpoint could be reached, or a reply could not be read; the message names
   *     the transport, query, chain and endpoint, never credentials
   */
  <Req extends Message, Resp extends Message> Reply<Resp> query(QueryMethod<Req, Resp> method, Req request, long height)
      throws IOException;

  /** A short name for messages: {@code abci_query}, {@code gRPC} or {@code REST}. */
  String name();

  /** Releases connections; later queries fail. */
  @Override
  void close();

  /**
   * A reply and the height it was read at.
   *
   * @param message the response message
   * @param height the block height the node answered at, or 0 when the node did not say
   */
  record Reply<T extends Message>(T message, long height) {}
}
