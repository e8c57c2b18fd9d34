package io.valwatch.plugins.minter;

import io.valwatch.plugins.minter.MinterApiException.Kind;
import io.valwatch.rpc.RpcEndpoint;
import io.valwatch.spi.BlockSource;
import io.valwatch.spi.FetchAhead;
import io.valwatch.spi.ChainContext;
import io.valwatch.spi.ChainDataSource;
import io.valwatch.spi.ChainPlugin;
import java.io.IOException;
import java.util.Optional;
import java.util.Set;

/**
 * The Minter network, read through its API v2 (the REST API under {@code /v2/}); the chain's endpoints are
 * API base URLs such as {@code https://api.minter.example/v2} or {@code http://127.0.0.1:8843/v2}, and the
 * chain id is the {@code network} that {@code /v2/status} reports. Selected with the id {@code minter}.
 *
 * <p>Blocks and signatures come from {@code /v2/block}, so no Tendermint RPC is needed. Validators are
 * candidates, identified by their {@code Mp…} public key, which is also their operator address here. The
 * liveness rule is Minter's: more than 12 absences in the last 24 blocks is punished.
 *
 * <p>Options: {@code rules} ({@code v2}, the default: jailed for {@code jail_blocks} blocks and switched
 * off; {@code v1}: 1 % slashed and switched off), {@code jail_blocks} (default 17,280) and {@code
 * block_time} (default {@code 5s}, used to estimate when a jail ends).
 */
public final class MinterPlugin implements ChainPlugin {
  /** The id chain configurations select this plugin by. */
  public static final String ID = "minter";

  /** Called by {@link java.util.ServiceLoader}. */
  public MinterPlugin() {}

  @Override
  public String id() {
    return ID;
  }

  @Override
  public Set<String> optionNames() {
    return MinterOptions.NAMES;
  }

  /**
   * True when an endpoint's {@code /status} answers with Minter's shape (a quoted {@code
   * latest_block_height}, {@code network}, {@code catching_up}); false when one answers with anything else.
   *
   * @throws IOException when no endpoint answers at all
   */
  @Override
  public boolean detect(ChainContext context) throws IOException {
    IOException last = null;
    for (RpcEndpoint url : context.endpoints()) {
      try {
        new MinterEndpoint(url, context.httpClient(), context.clock()).status(null);
        return true;
      } catch (MinterApiException e) {
        if (e.kind() != Kind.NETWORK) {
          return false;
        }
        last = e;
      }
    }
    throw new IOException("no Minter API endpoint answered /status", last);
  }

  @Override
  public Optional<BlockSource> openBlockSource(ChainContext context) {
    return Optional.of(new MinterBlockSource(group(context), context.clock(), context.pollInterval(),
        new FetchAhead<>(context.httpClient().dispatcher().executorService(), context.maxInFlight())));
  }

  /**
   * @throws IllegalArgumentException when an option is not valid, naming it
   */
  @Override
  public ChainDataSource open(ChainContext context) {
    return new MinterDataSource(group(context), MinterOptions.parse(context.options()));
  }

  private static EndpointGroup group(ChainContext context) {
    return new EndpointGroup(context.chainId(), context.endpoints(), context.httpClient(), context.clock());
  }
}
