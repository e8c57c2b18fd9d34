package io.valwatch.simnet;

import com.google.protobuf.ByteString;
import io.valwatch.proto.cosmos.base.query.v1beta1.PageRequest;
import io.valwatch.proto.cosmos.base.query.v1beta1.PageResponse;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.function.Function;

/**
 * One page of a key-ordered collection, following the SDK's {@code query.Paginate}: {@code key} and
 * {@code offset} are exclusive, limit 0 means 100 and forces a total, {@code next_key} is the key of the
 * first item after the page, {@code total} is only given for offset requests that ask for it.
 */
record Page<T>(List<T> items, PageResponse response) {
  private static final int DEFAULT_LIMIT = 100;

  /** Pages {@code sorted}, whose order must be the unsigned byte order of {@code keyOf}. */
  static <T> Page<T> of(List<T> sorted, Function<T, byte[]> keyOf, PageRequest request) throws InvalidRequest {
    byte[] key = request.getKey().toByteArray();
    if (key.length > 0 && request.getOffset() > 0) {
      throw new InvalidRequest("invalid request, either offset or key is expected, got both");
    }
    boolean reverse = request.getReverse();
    if (reverse) {
      List<T> reversed = new ArrayList<>(sorted);
      Collections.reverse(reversed);
      sorted = reversed;
    }
    long limit = request.getLimit();
    boolean countTotal = request.getCountTotal();
    if (limit == 0) {
      limit = DEFAULT_LIMIT;
      countTotal = true;
    }
    int start;
    if (key.length > 0) {
      start = 0;
      while (start < sorted.size() && (reverse
          ? Arrays.compareUnsigned(keyOf.apply(sorted.get(start)), key) > 0
          : Arrays.compareUnsigned(keyOf.apply(sorted.get(start)), key) < 0)) {
        start++;
      }
    } else {
      start = (int) Math.min(request.getOffset(), sorted.size());
    }
    int end = (int) Math.min(sorted.size(), start + limit);
    PageResponse.Builder response = PageResponse.newBuilder();
    if (end < sorted.size()) {
      response.setNextKey(ByteString.copyFrom(keyOf.apply(sorted.get(end))));
    }
    if (key.length == 0 && countTotal) {
      response.setTotal(sorted.size());
    }
    return new Page<>(sorted.subList(start, end), response.build());
  }
}
