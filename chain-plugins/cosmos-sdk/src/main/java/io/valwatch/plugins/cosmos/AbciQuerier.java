package io.valwatch.plugins.cosmos;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.MessageLite;
import com.google.protobuf.Parser;
import io.valwatch.proto.cosmos.base.query.v1beta1.PageRequest;
import io.valwatch.proto.cosmos.base.query.v1beta1.PageResponse;
import io.valwatch.rpc.AbciQueryResult;
import io.valwatch.rpc.CometRpcClient;
import io.valwatch.rpc.RpcException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs gRPC query methods through CometBFT {@code abci_query}, trying the chain's endpoints in order, and
 * pins every query after the first to the height the first one was answered at, so that one read of the
 * chain is a consistent snapshot even across pages. Once an endpoint has answered, later queries start with
 * it, so a dead endpoint costs one failed request per read. Use a new instance for each read.
 */
final class AbciQuerier {
  private static final Logger log = LoggerFactory.getLogger(AbciQuerier.class);
  static final int PAGE_LIMIT = 200;

  private final String chainId;
  private final List<CometRpcClient> clients;
  private long height;
  private int preferred;

  /** @param clients at least one client, in the order to try them */
  AbciQuerier(String chainId, List<CometRpcClient> clients) {
    this.chainId = chainId;
    this.clients = clients;
  }

  /** The height the snapshot is pinned to; 0 until the first query is answered. */
  long height() {
    return height;
  }

  /** One query, decoded with {@code parser}. */
  <T> T query(String path, MessageLite request, Parser<T> parser) throws IOException {
    AbciQueryResult result = send(path, request.toByteArray());
    try {
      return parser.parseFrom(result.value());
    } catch (InvalidProtocolBufferException e) {
      throw new IOException(
          "abci_query " + path + " on chain " + chainId + " at height " + result.height()
              + " returned bytes that are not a valid reply: " + e.getMessage(),
          e);
    }
  }

  /**
   * Every page of a paginated query, following {@code next_key} until it is empty.
   *
   * @param request builds the request for one page
   * @param pageOf reads the pagination part of a reply
   */
  <T> List<T> queryAllPages(
      String path,
      Function<PageRequest, MessageLite> request,
      Parser<T> parser,
      Function<T, PageResponse> pageOf)
      throws IOException {
    List<T> pages = new ArrayList<>();
    ByteString key = ByteString.EMPTY;
    do {
      PageRequest page = PageRequest.newBuilder().setKey(key).setLimit(PAGE_LIMIT).build();
      T reply = query(path, request.apply(page), parser);
      pages.add(reply);
      ByteString next = pageOf.apply(reply).getNextKey();
      if (!next.isEmpty() && next.equals(key)) {
        throw new IOException(
            "abci_query " + path + " on chain " + chainId + " at height " + height
                + " returned the same next_key twice; stopping to avoid an endless loop");
      }
      key = next;
    } while (!key.isEmpty());
    return pages;
  }

  private AbciQueryResult send(String path, byte[] data) throws IOException {
    RpcException last = null;
    for (int attempt = 0; attempt < clients.size(); attempt++) {
      int index = (preferred + attempt) % clients.size();
      CometRpcClient client = clients.get(index);
      AbciQueryResult result;
      try {
        result = client.abciQuery(path, data, height);
      } catch (RpcException e) {
        log.warn("abci_query {} on chain {} failed, trying the next endpoint: {}", path, chainId, e.getMessage());
        last = e;
        continue;
      }
      if (!result.isOk()) {
        throw new AbciQueryException(
            chainId, client.endpoint().redacted(), path, height, result.code(), result.codespace(), result.log());
      }
      if (height == 0) {
        height = result.height();
      }
      preferred = index;
      return result;
    }
    throw new IOException(
        "abci_query " + path + " on chain " + chainId + " failed on all " + clients.size()
            + " RPC endpoints; last error: " + last.getMessage(),
        last);
  }
}
