package io.valwatch.exporter;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.valwatch.identity.ValidatorIdentity;
import io.valwatch.rpc.CometRpcClient;
import io.valwatch.rpc.RpcEndpoint;
import io.valwatch.spi.ChainContext;
import io.valwatch.spi.ChainData;
import io.valwatch.spi.ChainDataSource;
import io.valwatch.spi.ChainPlugin;
import java.io.IOException;
import java.io.PrintWriter;
import java.math.BigInteger;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import okhttp3.OkHttpClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code valwatch resolve}: prints every form of a validator's identity and its status, read from the chain
 * through a chain plugin over one CometBFT RPC endpoint.
 */
@Command(
    name = "resolve",
    mixinStandardHelpOptions = true,
    versionProvider = ValwatchCommand.Version.class,
    defaultValueProvider = LogLevelOption.QuietByDefault.class,
    description =
        "Prints every form of a validator's identity (operator, account, valcons, hex, public key) and its"
            + " status, read from the chain through its RPC endpoint.",
    exitCodeListHeading = "Exit codes:%n",
    exitCodeList = {
      "0:the validator was found",
      "1:the chain knows no such validator",
      "2:the identity or the command line is wrong",
      "3:the chain could not be read"
    })
final class ResolveCommand implements Callable<Integer> {
  static final int NOT_FOUND = 1;
  static final int UNREADABLE = 3;

  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  @Spec CommandSpec spec;

  @Parameters(
      index = "0",
      paramLabel = "<address-or-key>",
      description =
          "An operator address (...valoper1...), a consensus address (...valcons1...), a 40-character hex"
              + " consensus address, a base64 consensus public key, or a Minter public key (Mp...).")
  String identity;

  @Option(names = "--rpc", required = true, paramLabel = "<url>", description = "A CometBFT RPC URL of the chain.")
  String rpc;

  @Option(
      names = "--prefix",
      paramLabel = "<prefix>",
      description =
          "The chain's account address prefix, such as cosmos or osmo (default: taken from the validator's"
              + " operator address, or cosmos).")
  String prefix;

  @Option(
      names = "--plugin",
      paramLabel = "<id>",
      defaultValue = "cosmos-sdk",
      description = "The chain plugin to read the chain with. Default: ${DEFAULT-VALUE}.")
  String pluginId;

  @Mixin OutputOption output;

  @Mixin LogLevelOption logLevel;

  @Mixin PluginsDirOption pluginsDir;

  @Override
  public Integer call() {
    logLevel.apply();
    ValidatorIdentity parsed = parse(identity);
    RpcEndpoint endpoint = parse("--rpc", () -> RpcEndpoint.parse(rpc));
    ChainPlugin plugin =
        pluginsDir
            .load()
            .find(pluginId)
            .orElseThrow(
                () -> new ParameterException(spec.commandLine(), "--plugin: no chain plugin '" + pluginId + "'"));
    OkHttpClient http =
        new OkHttpClient.Builder().connectTimeout(Duration.ofSeconds(5)).callTimeout(Duration.ofSeconds(30)).build();
    PrintWriter err = spec.commandLine().getErr();
    try {
      CometRpcClient client = new CometRpcClient(endpoint, http);
      String chainId;
      ChainData data;
      try {
        chainId = client.status().network();
        ChainContext context =
            ChainContext.builder()
                .chainId(chainId)
                .endpoints(List.of(endpoint))
                .rpcClients(List.of(client))
                .httpClient(http)
                .clock(Clock.systemUTC())
                .pollInterval(Duration.ofSeconds(5))
                .options(Map.of())
                .build();
        try (ChainDataSource source = plugin.open(context)) {
          data = source.fetch();
        }
      } catch (IOException e) {
        err.println("valwatch: cannot read the chain at " + endpoint.redacted() + ": " + e.getMessage());
        err.flush();
        return UNREADABLE;
      }
      Optional<ResolvedIdentity> found = ResolvedIdentity.find(chainId, parsed, data, prefix);
      if (found.isEmpty()) {
        err.println(
            "valwatch: chain " + chainId + " knows no validator '" + parsed.text() + "' ("
                + data.validators().size() + " validators, " + data.signingInfos().size() + " signing records)");
        err.flush();
        return NOT_FOUND;
      }
      print(found.get(), spec.commandLine().getOut());
      return 0;
    } finally {
      http.dispatcher().executorService().shutdown();
      http.connectionPool().evictAll();
    }
  }

  private void print(ResolvedIdentity resolved, PrintWriter out) {
    if (output.format == OutputFormat.JSON) {
      ObjectNode root = JSON.createObjectNode();
      for (ResolvedIdentity.Field field : resolved.fields()) {
        Object value = field.value();
        if (value == null) {
          root.putNull(field.name());
        } else if (value instanceof Boolean b) {
          root.put(field.name(), b);
        } else if (value instanceof Long n) {
          root.put(field.name(), n);
        } else if (value instanceof BigInteger n) {
          // Stake exceeds a double's exact range: a string, as the chain writes it.
          root.put(field.name(), n.toString());
        } else {
          root.put(field.name(), value.toString());
        }
      }
      try {
        out.println(JSON.writeValueAsString(root));
      } catch (JsonProcessingException e) {
        throw new IllegalStateException("writing the identity as JSON", e);
      }
    } else {
      int width = resolved.fields().stream().mapToInt(f -> f.name().length()).max().orElse(0);
      for (ResolvedIdentity.Field field : resolved.fields()) {
        String name = field.name().replace('_', ' ');
        out.println(name + " ".repeat(width - name.length() + 2) + (field.value() == null ? "-" : field.value()));
      }
    }
    out.flush();
  }

  private ValidatorIdentity parse(String text) {
    return parse("<address-or-key>", () -> ValidatorIdentity.parse(text));
  }

  private <T> T parse(String what, Supplier<T> parser) {
    try {
      return parser.get();
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), what + ": " + e.getMessage());
    }
  }
}
