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

  static QueryRoutes of(StakingModule module) {
    List<QueryRoute> routes = new ArrayList<>(StakingQueries.routes(module));
    if (module == StakingModule.INITIA) {
      requireInitiaMessages();
      routes.addAll(MstakingQueries.routes());
    }
    routes.addAll(SlashingQueries.routes());
    routes.addAll(GovQueries.routes());
    return new QueryRoutes(routes);
  }

  /** The simulator's dependency on the Initia plugin, which holds the generated messages, is optional. */
  private static void requireInitiaMessages() {
    try {
      Class.forName("io.valwatch.plugins.initia.proto.Validator", false, QueryRoutes.class.getClassLoader());
    } catch (ClassNotFoundException e) {
      throw new IllegalStateException("a chain with StakingModule.INITIA needs io.valwatch:chain-plugin-initia "
          + "(the initia.mstaking.v1 messages) on the classpath", e);
    }
  }

  /** The route for a gRPC or {@code abci_query} path, or {@code null}. */
  QueryRoute route(String path) {
    return byPath.get(path);
  }

  Collection<QueryRoute> all() {
    return Collections.unmodifiableCollection(byPath.values());
  }
}
