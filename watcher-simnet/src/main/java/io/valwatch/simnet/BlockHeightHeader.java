package io.valwatch.simnet;

import io.grpc.Status;
import java.util.function.Function;

/**
 * The {@code x-cosmos-block-height} request header (gRPC metadata, or an HTTP header that grpc-gateway
 * forwards), checked as the SDK's gRPC server checks it. The simulator answers from its latest state
 * whatever past height is asked, and reports the height asked for, as the SDK does.
 */
final class BlockHeightHeader {
  static final String NAME = "x-cosmos-block-height";

  /** An answer and the height to report in the reply header. */
  record Answer(QueryOutcome outcome, long height) {}

  private BlockHeightHeader() {}

  /** Checks {@code header} (may be {@code null}) and runs {@code route} under the chain's lock. */
  static Answer answer(SimulatedChain chain, String header, Function<ChainState, QueryOutcome> route) {
    Long asked;
    try {
      asked = header == null ? null : Long.parseLong(header.strip());
    } catch (NumberFormatException e) {
      return new Answer(QueryOutcome.invalidArgument("invalid height header \"" + NAME + "\": strconv.ParseInt: "
          + "parsing \"" + header + "\": invalid syntax: invalid request"), 0);
    }
    return chain.read(state -> {
      long latest = state.latestHeight();
      if (asked != null && asked < 0) {
        return new Answer(invalidHeight("cannot query with height < 0; please provide a valid height"), 0);
      }
      if (asked != null && asked > latest) {
        return new Answer(invalidHeight("cannot query with height in the future; please provide a valid height"), 0);
      }
      long height = asked == null || asked == 0 ? latest : asked;
      return new Answer(route.apply(state), height);
    });
  }

  /** The SDK's ErrInvalidHeight carries no gRPC code of its own, so it reaches clients as Unknown. */
  private static QueryOutcome invalidHeight(String reason) {
    return QueryOutcome.error(Status.Code.UNKNOWN, reason + ": invalid height");
  }
}
