package io.valwatch.simnet;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Every query method a simulated chain answers, by gRPC path; the same table serves every transport. */
final class QueryRoutes {
  private final Map<String, QueryRoute> byPath = new LinkedHashMap<>();

  private QueryRoutes(List<QueryRoute> routes) {
    routes.forEach(route -> byPath.put(route.path(), route));
  }

  static QueryRoutes of(StakingModule module, boolean govV1beta1Only) {
    List<QueryRoute> routes = new ArrayList<>(StakingQueries.routes(module));
    if (module == StakingModule.INITIA) {
      routes.addAll(MstakingQueries.routes());
    }
    routes.addAll(SlashingQueries.routes());
    routes.addAll(govV1beta1Only ? LegacyGovQueries.routes() : GovQueries.routes());
    return new QueryRoutes(routes);
  }

  /** The route for a gRPC or {@code abci_query} path, or {@code null}. */
  QueryRoute route(String path) {
    return byPath.get(path);
  }

  Collection<QueryRoute> all() {
    return Collections.unmodifiableCollection(byPath.values());
  }
}
