package io.valwatch.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RpcEndpointTest {
  @Test
  void plainUrlIsShownAsIs() {
    RpcEndpoint endpoint = RpcEndpoint.parse("http://127.0.0.1:26657");

    assertThat(endpoint.redacted()).isEqualTo("http://127.0.0.1:26657");
    assertThat(endpoint.toString()).isEqualTo(endpoint.redacted());
    assertThat(endpoint.url().toString()).isEqualTo("http://127.0.0.1:26657/");
  }

  @Test
  void defaultPortAndTrailingSlashAreDropped() {
    RpcEndpoint endpoint = RpcEndpoint.parse("https://rpc.example.org:443/cosmos/");

    assertThat(endpoint.redacted()).isEqualTo("https://rpc.example.org/cosmos");
    assertThat(endpoint).isEqualTo(RpcEndpoint.parse("https://rpc.example.org/cosmos"));
    assertThat(endpoint.resolve("status").toString()).isEqualTo("https://rpc.example.org/cosmos/status");
  }

  @Test
  void userInfoIsRemoved() {
    RpcEndpoint endpoint = RpcEndpoint.parse("https://alice:s3cretpass@rpc.example.org:8443");

    assertThat(endpoint.redacted()).isEqualTo("https://rpc.example.org:8443");
    assertThat(endpoint.url().password()).isEqualTo("s3cretpass");
  }

  @Test
  void queryValuesAreMasked() {
    RpcEndpoint endpoint = RpcEndpoint.parse("https://rpc.example.org/?apikey=abc123&region=eu&flag");

    assertThat(endpoint.redacted()).isEqualTo("https://rpc.example.org?apikey=***&region=***&flag");
    assertThat(endpoint.resolve("block").queryParameter("apikey")).isEqualTo("abc123");
  }

  @Test
  void pathSegmentsThatLookLikeKeysAreMasked() {
    RpcEndpoint endpoint =
        RpcEndpoint.parse("https://cosmos.example.org/rpc/v2/9f3b2c1d8e7a6f5b4c3d2e1f/cosmoshub-4");

    assertThat(endpoint.redacted()).isEqualTo("https://cosmos.example.org/rpc/v2/***/cosmoshub-4");
    assertThat(endpoint.toString()).doesNotContain("9f3b2c1d8e7a6f5b4c3d2e1f");
  }

  @Test
  void longWordsWithoutDigitsStay() {
    assertThat(RpcEndpoint.parse("https://example.org/cosmoshubmainnetrpc").redacted())
        .isEqualTo("https://example.org/cosmoshubmainnetrpc");
  }

  @Test
  void scrubRemovesEverySecretFromText() {
    RpcEndpoint endpoint =
        RpcEndpoint.parse("https://bob:hunter2hunter2@example.org/k/AbCdEf0123456789xyz?token=t0k3n");

    String text = "failed " + endpoint.url() + " with token=t0k3n and pass hunter2hunter2";

    assertThat(endpoint.scrub(text))
        .doesNotContain("t0k3n", "hunter2hunter2", "AbCdEf0123456789xyz")
        .contains(endpoint.redacted());
  }

  @Test
  void webSocketUrlSwapsSchemeAndAppendsPath() {
    assertThat(RpcEndpoint.parse("http://127.0.0.1:26657").webSocketUrl())
        .isEqualTo("ws://127.0.0.1:26657/websocket");
    assertThat(RpcEndpoint.parse("https://rpc.example.org/cosmos?apikey=k1").webSocketUrl())
        .isEqualTo("wss://rpc.example.org/cosmos/websocket?apikey=k1");
  }

  @Test
  void equalityUsesTheFullUrl() {
    RpcEndpoint a = RpcEndpoint.parse("https://rpc.example.org?apikey=one");
    RpcEndpoint b = RpcEndpoint.parse("https://rpc.example.org?apikey=two");

    assertThat(a.redacted()).isEqualTo(b.redacted());
    assertThat(a).isNotEqualTo(b);
    assertThat(a).isEqualTo(RpcEndpoint.parse("https://rpc.example.org?apikey=one"));
    assertThat(a.hashCode()).isEqualTo(RpcEndpoint.parse("https://rpc.example.org?apikey=one").hashCode());
  }

  @Test
  void websocketSchemeIsRejected() {
    assertThatThrownBy(() -> RpcEndpoint.parse("wss://rpc.example.org/websocket?apikey=s3cr3t"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("wss://rpc.example.org/websocket?apikey=***")
        .hasMessageContaining("scheme 'wss' is not supported")
        .hasMessageNotContaining("s3cr3t");
  }

  @Test
  void cometListenAddressIsRejected() {
    assertThatThrownBy(() -> RpcEndpoint.parse("tcp://0.0.0.0:26657"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("tcp://0.0.0.0:26657")
        .hasMessageContaining("use http:// or https://");
  }

  @Test
  void relativeAndBrokenUrlsAreRejectedRedacted() {
    assertThatThrownBy(() -> RpcEndpoint.parse("rpc.example.org:26657"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not an absolute URL");
    assertThatThrownBy(() -> RpcEndpoint.parse("https://user:pw123456@exa mple.org/?key=v4lue"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not a valid URL")
        .hasMessageNotContaining("pw123456")
        .hasMessageNotContaining("v4lue");
    assertThatThrownBy(() -> RpcEndpoint.parse(" "))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("RPC URL is empty");
  }
}
