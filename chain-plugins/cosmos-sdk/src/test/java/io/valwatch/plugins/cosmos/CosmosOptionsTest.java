package io.valwatch.plugins.cosmos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.valwatch.rpc.CometRpcClient;
import io.valwatch.rpc.RpcEndpoint;
import io.valwatch.spi.ChainContext;
import java.util.List;
import java.util.Map;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class CosmosOptionsTest {
  private final OkHttpClient http = new OkHttpClient();

  @Test
  void thePluginDeclaresEveryOptionItReads() {
    assertThat(new CosmosSdkPlugin().optionNames()).containsExactlyInAnyOrder("transport", "grpc", "rest", "timeout", "staking");
  }

  @Test
  void rpcIsTheDefaultTransport() {
    try (QueryTransport transport = CosmosOptions.openTransport(context(Map.of()))) {
      assertThat(transport.name()).isEqualTo("abci_query");
    }
  }

  @Test
  void restTakesOneUrlOrAList() {
    try (QueryTransport one = CosmosOptions.openTransport(context(Map.of("transport", "rest", "rest", "https://lcd.example.org")));
        QueryTransport two =
            CosmosOptions.openTransport(
                context(Map.of("transport", "REST", "rest", List.of("https://lcd.example.org", "http://127.0.0.1:1317"))))) {
      assertThat(one.name()).isEqualTo("REST");
      assertThat(two.name()).isEqualTo("REST");
    }
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "transport=ws | option transport: 'ws' is not one of rpc, grpc, rest",
        "transport=grpc | option transport: grpc needs option grpc with at least one endpoint",
        "grpc=grpc.example.org:9090 | option grpc is set but transport is rpc; set transport: grpc to query through it",
        "transport=rest;grpc=grpc.example.org:9090;rest=https://lcd.example.org | option grpc is set but transport is rest; set transport: grpc to query through it",
        "transport=rest;rest=lcd.example.org | option rest: Invalid RPC URL lcd.example.org: not an absolute URL; expected http://host:port or https://host",
        "transport=grpc;grpc=https://user:secret@grpc.example.org | option grpc: gRPC endpoint grpc.example.org has user info, a path or a query; gRPC endpoints are host and port only",
        "transport=grpc;grpc=grpc.example.org | option grpc: gRPC endpoint grpc.example.org has no port; plaintext gRPC needs host:port",
        "transport=grpc;grpc=tcp://grpc.example.org:9090 | option grpc: gRPC endpoint grpc.example.org has scheme 'tcp'; use host:port, http:// (plaintext) or https:// (TLS)",
        "timeout=soon | option timeout: 'soon' is not a positive duration such as 10s, 1500ms or 1m",
        "timeout=0s | option timeout: '0s' is not a positive duration such as 10s, 1500ms or 1m",
      })
  void badValuesNameTheOption(String options, String message) {
    Map<String, Object> map = new java.util.HashMap<>();
    for (String pair : options.split(";")) {
      String[] kv = pair.split("=", 2);
      map.put(kv[0], kv[1]);
    }

    assertThatThrownBy(() -> CosmosOptions.openTransport(context(map)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(message)
        .hasMessageNotContaining("secret");
  }

  @ParameterizedTest
  @CsvSource({"grpc.example.org:9090, http://grpc.example.org:9090, false", "http://10.0.0.1:9090, http://10.0.0.1:9090, false",
      "https://grpc.example.org, https://grpc.example.org:443, true", "https://grpc.example.org:8443/, https://grpc.example.org:8443, true"})
  void grpcEndpoints(String text, String shown, boolean tls) {
    GrpcEndpoint endpoint = GrpcEndpoint.parse(text);

    assertThat(endpoint.toString()).isEqualTo(shown);
    assertThat(endpoint.tls()).isEqualTo(tls);
  }

  @Test
  void stakingIsOnUnlessSwitchedOff() {
    assertThat(CosmosOptions.stakingEnabled(context(Map.of()))).isTrue();
    assertThat(CosmosOptions.stakingEnabled(context(Map.of("staking", false)))).isFalse();
    assertThat(CosmosOptions.stakingEnabled(context(Map.of("staking", "False")))).isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {"no", "0", "off"})
  void stakingMustBeTrueOrFalse(String value) {
    assertThatThrownBy(() -> CosmosOptions.stakingEnabled(context(Map.of("staking", value))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("option staking: '" + value + "' is not true or false");
  }

  private ChainContext context(Map<String, Object> options) {
    CometRpcClient client = new CometRpcClient(RpcEndpoint.parse("http://127.0.0.1:26657"), http);
    return Contexts.of("test-1", List.of(client), http, options);
  }
}
