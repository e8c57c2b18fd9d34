package io.valwatch.plugins.cosmos;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ForwardingClientCall;
import io.grpc.ForwardingClientCallListener;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import java.io.IOException;
import java.util.regex.Pattern;
import okhttp3.Interceptor;
import okhttp3.MediaType;
import okhttp3.Response;
import okhttp3.ResponseBody;

/**
 * The simulator's gov v1 Vote answers as other Cosmos SDK versions give them, rewritten on the client's side of
 * each transport: a voter without a vote refused with NotFound (before SDK 0.47) instead of InvalidArgument,
 * or every Vote query failing on a broken store.
 */
enum OtherSdkVoteAnswers implements Interceptor, ClientInterceptor {
  /** "vote: not found": abci code 38, gRPC NOT_FOUND, REST 404 with code 5. */
  NOT_FOUND,
  /** "store corrupted": abci code 6, gRPC INTERNAL, REST 500 with code 13, whether the voter voted or not. */
  STORE_CORRUPTED;

  private static final String VOTE_PATH = "/cosmos.gov.v1.Query/Vote";
  private static final Pattern VOTE_ROUTE = Pattern.compile(".*/cosmos/gov/v1/proposals/\\d+/votes/[a-z0-9]+");
  private static final MediaType JSON = MediaType.get("application/json");

  /** abci_query and REST answers, for an OkHttp client. */
  @Override
  public Response intercept(Chain chain) throws IOException {
    Response response = chain.proceed(chain.request());
    String path = chain.request().url().queryParameter("path");
    if (("\"" + VOTE_PATH + "\"").equals(path)) {
      String body = response.peekBody(Long.MAX_VALUE).string();
      if (this == STORE_CORRUPTED || body.contains("\"code\":18")) {
        return replaced(response, 200, abciError());
      }
    } else if (VOTE_ROUTE.matcher(chain.request().url().encodedPath()).matches()
        && (this == STORE_CORRUPTED || response.code() == 400)) {
      return replaced(response, this == NOT_FOUND ? 404 : 500, this == NOT_FOUND
          ? "{\"code\":5,\"message\":\"vote: not found\",\"details\":[]}"
          : "{\"code\":13,\"message\":\"store corrupted\",\"details\":[]}");
    }
    return response;
  }

  /** gRPC answers, for a channel. */
  @Override
  public <Q, R> ClientCall<Q, R> interceptCall(MethodDescriptor<Q, R> method, CallOptions options, Channel next) {
    ClientCall<Q, R> call = next.newCall(method, options);
    if (!("/" + method.getFullMethodName()).equals(VOTE_PATH)) {
      return call;
    }
    return new ForwardingClientCall.SimpleForwardingClientCall<>(call) {
      @Override
      public void start(Listener<R> listener, Metadata headers) {
        super.start(new ForwardingClientCallListener.SimpleForwardingClientCallListener<>(listener) {
          @Override
          public void onMessage(R message) {
            if (OtherSdkVoteAnswers.this == NOT_FOUND) {
              super.onMessage(message);
            }
          }

          @Override
          public void onClose(Status status, Metadata trailers) {
            if (OtherSdkVoteAnswers.this == STORE_CORRUPTED) {
              super.onClose(Status.INTERNAL.withDescription("store corrupted"), trailers);
            } else if (status.getCode() == Status.Code.INVALID_ARGUMENT) {
              super.onClose(Status.NOT_FOUND.withDescription("vote: not found"), trailers);
            } else {
              super.onClose(status, trailers);
            }
          }
        }, headers);
      }
    };
  }

  private String abciError() {
    int code = this == NOT_FOUND ? 38 : 6;
    String log = this == NOT_FOUND
        ? "rpc error: code = NotFound desc = vote: not found: key not found"
        : "rpc error: code = Internal desc = store corrupted: unknown request";
    return "{\"jsonrpc\":\"2.0\",\"id\":-1,\"result\":{\"response\":{\"code\":" + code + ",\"log\":\"" + log
        + "\",\"info\":\"\",\"index\":\"0\",\"key\":null,\"value\":null,\"proofOps\":null,\"height\":\"0\","
        + "\"codespace\":\"sdk\"}}}";
  }

  private static Response replaced(Response response, int code, String body) {
    response.close();
    return response.newBuilder().code(code).body(ResponseBody.create(body, JSON)).build();
  }
}
