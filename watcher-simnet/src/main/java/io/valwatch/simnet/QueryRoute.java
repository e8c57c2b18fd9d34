package io.valwatch.simnet;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;

/**
 * One query method: its gRPC path (which is also its {@code abci_query} path), its LCD REST route and the
 * single implementation that every transport calls.
 *
 * @param path the gRPC path, such as {@code /cosmos.staking.v1beta1.Query/Validators}
 * @param restPath the REST route, such as {@code /cosmos/staking/v1beta1/validators/{validator_addr}}; a
 *     {@code {field}} segment fills that top-level request field
 * @param requestPrototype the request's default instance
 * @param handler the answer, computed under the chain's lock
 */
record QueryRoute(String path, String restPath, Message requestPrototype, Handler<Message> handler) {

  /** Answers a parsed request from the chain state. */
  @FunctionalInterface
  interface Handler<Req extends Message> {
    QueryOutcome answer(ChainState state, Req request) throws InvalidRequest;
  }

  @SuppressWarnings("unchecked")
  static <Req extends Message> QueryRoute of(String path, String restPath, Req prototype, Handler<Req> handler) {
    return new QueryRoute(path, restPath, prototype, (state, request) -> handler.answer(state, (Req) request));
  }

  /** The gRPC service, such as {@code cosmos.staking.v1beta1.Query}. */
  String serviceName() {
    return path.substring(1, path.lastIndexOf('/'));
  }

  /** The gRPC full method name, without the leading slash. */
  String fullMethodName() {
    return path.substring(1);
  }

  /** Answers serialized request bytes, as {@code abci_query} and gRPC deliver them. */
  QueryOutcome answer(ChainState state, byte[] data) {
    Message request;
    try {
      request = requestPrototype.getParserForType().parseFrom(data);
    } catch (InvalidProtocolBufferException e) {
      return QueryOutcome.invalidArgument("cannot decode request for " + path + ": " + e.getMessage());
    }
    return answer(state, request);
  }

  /** Answers a request message, as the REST gateway builds it. */
  QueryOutcome answer(ChainState state, Message request) {
    try {
      return handler.answer(state, request);
    } catch (InvalidRequest e) {
      return QueryOutcome.invalidArgument(e.getMessage());
    }
  }
}
