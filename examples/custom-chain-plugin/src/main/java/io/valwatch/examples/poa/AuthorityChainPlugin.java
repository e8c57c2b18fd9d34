package io.valwatch.examples.poa;

import io.valwatch.rpc.RpcEndpoint;
import io.valwatch.spi.ChainContext;
import io.valwatch.spi.ChainDataSource;
import io.valwatch.spi.ChainPlugin;
import java.io.IOException;
import java.util.Optional;
import java.util.Set;

/**
 * The {@code example-poa} plugin: reads the authorities of the invented proof-of-authority chain from its
 * registry (see the package documentation). Blocks come from the chain's CometBFT RPC, read by the core.
 *
 * <pre>{@code
 * chains:
 *   - id: poa-example-1
 *     plugin: example-poa
 *     rpc: [http://127.0.0.1:26657]
 *     options:
 *       registry: http://127.0.0.1:8080
 * }</pre>
 */
public final class AuthorityChainPlugin implements ChainPlugin {
  /** The id a chain's configuration selects this plugin by. */
  public static final String ID = "example-poa";

  static final String REGISTRY_OPTION = "registry";

  /** Called by {@link java.util.ServiceLoader}. */
  public AuthorityChainPlugin() {}

  @Override
  public String id() {
    return ID;
  }

  @Override
  public Set<String> optionNames() {
    return Set.of(REGISTRY_OPTION);
  }

  /** A chain is one of ours when it has a registry and the registry answers with the authority list. */
  @Override
  public boolean detect(ChainContext context) throws IOException {
    Optional<RpcEndpoint> registry = registry(context);
    if (registry.isEmpty()) {
      return false;
    }
    return new AuthorityRegistry(context.chainId(), registry.get(), context.httpClient()).answers();
  }

  @Override
  public ChainDataSource open(ChainContext context) {
    RpcEndpoint registry =
        registry(context)
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "chain " + context.chainId() + ": plugin '" + ID + "' needs the option '"
                            + REGISTRY_OPTION + "', the authority registry's base URL"));
    return new AuthorityRegistry(context.chainId(), registry, context.httpClient());
  }

  private static Optional<RpcEndpoint> registry(ChainContext context) {
    Object value = context.options().get(REGISTRY_OPTION);
    if (value == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(RpcEndpoint.parse(value.toString()));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "chain " + context.chainId() + ": option '" + REGISTRY_OPTION + "': " + e.getMessage(), e);
    }
  }
}
