package io.valwatch.plugins.cosmos;

import io.valwatch.rpc.RpcEndpoint;
import io.valwatch.spi.ChainContext;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The chain options that Cosmos SDK based plugins share: which transport to query with, its endpoints,
 * and whether to read the staking module at all.
 *
 * <pre>{@code
 * options:
 *   transport: grpc            # rpc (default: abci_query on the chain's RPC URLs), grpc or rest
 *   grpc: [grpc.example.org:9090, https://grpc.example.com]
 *   rest: [https://lcd.example.org]
 *   timeout: 10s               # per query, for grpc and rest
 *   staking: false             # consumer chains: track by consensus address only
 * }</pre>
 */
public final class CosmosOptions {
  public static final String TRANSPORT = "transport";
  public static final String GRPC = "grpc";
  public static final String REST = "rest";
  public static final String TIMEOUT = "timeout";
  public static final String STAKING = "staking";
  /** Every option name this class reads. */
  public static final Set<String> NAMES = Set.of(TRANSPORT, GRPC, REST, TIMEOUT, STAKING);

  static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);
  private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m)?");

  private CosmosOptions() {}

  /**
   * Opens the transport the options choose. Does not touch the network.
   *
   * @throws IllegalArgumentException naming the option whose value is wrong
   */
  public static QueryTransport openTransport(ChainContext context) {
    String transport = text(context, TRANSPORT, "rpc").toLowerCase(Locale.ROOT);
    List<String> grpc = list(context, GRPC);
    List<String> rest = list(context, REST);
    Duration timeout = duration(context);
    String chainId = context.chainId();
    switch (transport) {
      case "rpc" -> {
        requireUnused(GRPC, grpc, transport);
        requireUnused(REST, rest, transport);
        return new AbciTransport(chainId, context.rpcClients());
      }
      case "grpc" -> {
        requireUnused(REST, rest, transport);
        List<GrpcEndpoint> endpoints = new ArrayList<>();
        for (String endpoint : requireEndpoints(GRPC, grpc, transport)) {
          endpoints.add(option(GRPC, () -> GrpcEndpoint.parse(endpoint)));
        }
        return GrpcTransport.dial(chainId, endpoints, timeout);
      }
      case "rest" -> {
        requireUnused(GRPC, grpc, transport);
        List<RpcEndpoint> endpoints = new ArrayList<>();
        for (String endpoint : requireEndpoints(REST, rest, transport)) {
          endpoints.add(option(REST, () -> RpcEndpoint.parse(endpoint)));
        }
        return new RestTransport(chainId, endpoints, context.httpClient().newBuilder().callTimeout(timeout).build());
      }
      default -> throw new IllegalArgumentException(
          "option " + TRANSPORT + ": '" + transport + "' is not one of rpc, grpc, rest");
    }
  }

  /**
   * Whether to read the staking module; {@code staking: false} switches it off, for chains whose validators
   * are tracked by consensus address alone.
   */
  public static boolean stakingEnabled(ChainContext context) {
    Object value = context.options().get(STAKING);
    if (value == null || value instanceof Boolean) {
      return value == null || (Boolean) value;
    }
    String text = value.toString().strip().toLowerCase(Locale.ROOT);
    if (text.equals("true") || text.equals("false")) {
      return Boolean.parseBoolean(text);
    }
    throw new IllegalArgumentException("option " + STAKING + ": '" + value + "' is not true or false");
  }

  private static String text(ChainContext context, String name, String fallback) {
    Object value = context.options().get(name);
    if (value == null) {
      return fallback;
    }
    if (value instanceof Collection<?> || value instanceof java.util.Map<?, ?>) {
      throw new IllegalArgumentException("option " + name + ": expected a single value");
    }
    return value.toString().strip();
  }

  /** A single endpoint or a list of them. */
  private static List<String> list(ChainContext context, String name) {
    Object value = context.options().get(name);
    if (value == null) {
      return List.of();
    }
    if (value instanceof Collection<?> items) {
      List<String> out = new ArrayList<>();
      for (Object item : items) {
        if (item == null || item instanceof Collection<?> || item instanceof java.util.Map<?, ?>) {
          throw new IllegalArgumentException("option " + name + ": expected a list of endpoint URLs");
        }
        out.add(item.toString());
      }
      return out;
    }
    return List.of(value.toString());
  }

  private static Duration duration(ChainContext context) {
    String text = text(context, TIMEOUT, null);
    if (text == null) {
      return DEFAULT_TIMEOUT;
    }
    Matcher m = DURATION.matcher(text);
    if (!m.matches() || Long.parseLong(m.group(1)) == 0) {
      throw new IllegalArgumentException(
          "option " + TIMEOUT + ": '" + text + "' is not a positive duration such as 10s, 1500ms or 1m");
    }
    long amount = Long.parseLong(m.group(1));
    String unit = m.group(2) == null ? "s" : m.group(2);
    return switch (unit) {
      case "ms" -> Duration.ofMillis(amount);
      case "m" -> Duration.ofMinutes(amount);
      default -> Duration.ofSeconds(amount);
    };
  }

  private static void requireUnused(String name, List<String> endpoints, String transport) {
    if (!endpoints.isEmpty()) {
      throw new IllegalArgumentException(
          "option " + name + " is set but " + TRANSPORT + " is " + transport + "; set " + TRANSPORT + ": " + name
              + " to query through it");
    }
  }

  private static List<String> requireEndpoints(String name, List<String> endpoints, String transport) {
    if (endpoints.isEmpty()) {
      throw new IllegalArgumentException(
          "option " + TRANSPORT + ": " + transport + " needs option " + name + " with at least one endpoint");
    }
    return endpoints;
  }

  private static <T> T option(String name, java.util.function.Supplier<T> parse) {
    try {
      return parse.get();
    } catch (IllegalArgumentException e) {
      // The endpoint parsers never echo credentials.
      throw new IllegalArgumentException("option " + name + ": " + e.getMessage(), e);
    }
  }
}
