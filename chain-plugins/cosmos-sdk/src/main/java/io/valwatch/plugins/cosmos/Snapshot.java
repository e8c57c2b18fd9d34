package io.valwatch.plugins.cosmos;

import com.google.protobuf.ByteString;
import com.google.protobuf.Message;
import io.valwatch.proto.cosmos.base.query.v1beta1.PageRequest;
import io.valwatch.proto.cosmos.base.query.v1beta1.PageResponse;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * One consistent read of a chain: every query after the first is pinned to the height the first one was
 * answered at, so that a read is a snapshot even across pages. Use a new instance for each read.
 */
public final class Snapshot {
  /** Items asked for per page of a paginated query. */
  public static final int PAGE_LIMIT = 200;

  private final String chainId;
  private final QueryTransport transport;
  private long height;

  public Snapshot(String chainId, QueryTransport transport) {
    this.chainId = chainId;
    this.transport = transport;
  }

  /** The height the snapshot is pinned to; 0 until a node has said which height it answered at. */
  public long height() {
    return height;
  }

  /** One query, at the snapshot's height. */
  public <Req extends Message, Resp extends Message> Resp query(QueryMethod<Req, Resp> method, Req request)
      throws IOException {
    QueryTransport.Reply<Resp> reply = transport.query(method, request, height);
    if (height == 0) {
      height = reply.height();
    }
    return reply.message();
  }

  /**
   * Every page of a paginated query, following {@code next_key} until it is empty.
   *
   * @param request builds the request for one page
   * @param pageOf reads the pagination part of a reply
   */
  public <Req extends Message, Resp extends Message> List<Resp> queryAllPages(
      QueryMethod<Req, Resp> method, Function<PageRequest, Req> request, Function<Resp, PageResponse> pageOf)
      throws IOException {
    List<Resp> pages = new ArrayList<>();
    ByteString key = ByteString.EMPTY;
    do {
      PageRequest page = PageRequest.newBuilder().setKey(key).setLimit(PAGE_LIMIT).build();
      Resp reply = query(method, request.apply(page));
      pages.add(reply);
      ByteString next = pageOf.apply(reply).getNextKey();
      if (!next.isEmpty() && next.equals(key)) {
        throw new IOException(
            transport.name() + " " + method.path() + " on chain " + chainId + " at height " + height
                + " returned the same next_key twice; stopping to avoid an endless loop");
      }
      key = next;
    } while (!key.isEmpty());
    return pages;
  }

  /** The error for chain data that arrived but cannot be used, naming the chain and height. */
  public IOException unusable(IllegalArgumentException e) {
    return new IOException(
        "chain " + chainId + " at height " + height + " returned staking or slashing data valwatch cannot use: "
            + e.getMessage(),
        e);
  }
}
