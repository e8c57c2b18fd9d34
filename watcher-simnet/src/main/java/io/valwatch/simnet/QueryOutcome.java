package io.valwatch.simnet;

import com.google.protobuf.Message;
import io.grpc.Status;

/**
 * The answer to one query whatever transport carries it: a response message, or the gRPC status and
 * description that the SDK's query servers return ({@code status.Error(codes.NotFound, "…")}).
 */
record QueryOutcome(Message value, Status.Code code, String description) {
  static QueryOutcome ok(Message value) {
    return new QueryOutcome(value, Status.Code.OK, "");
  }

  static QueryOutcome error(Status.Code code, String description) {
    return new QueryOutcome(null, code, description);
  }

  static QueryOutcome invalidArgument(String description) {
    return error(Status.Code.INVALID_ARGUMENT, description);
  }

  static QueryOutcome notFound(String description) {
    return error(Status.Code.NOT_FOUND, description);
  }

  boolean isOk() {
    return code == Status.Code.OK;
  }
}
