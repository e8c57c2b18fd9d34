package io.valwatch.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.valwatch.identity.KeyType;
import java.io.IOException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import okhttp3.Credentials;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;

class CometRpcClientTest {
  @StartStop final MockWebServer server = new MockWebServer();

  private final OkHttpClient http = new OkHttpClient();

  private CometRpcClient client() {
    return new CometRpcClient(RpcEndpoint.parse(server.url("/").toString()), http);
  }

  private void enqueueJson(int code, String body) {
    server.enqueue(
        new MockResponse.Builder()
            .code(code)
            .setHeader("Content-Type", "application/json")
            .body(body)
            .build());
  }

  private void enqueueFixture(String name) {
    enqueueJson(200, Fixtures.read(name));
  }

  @Test
  void status() throws Exception {
    enqueueFixture("status.json");

    NodeStatus status = client().status();

    assertThat(status)
        .isEqualTo(
            new NodeStatus(
                "testhub-2",
                "0.38.17",
                "sentry-1",
                1002,
                Instant.parse("2024-08-29T23:44:38.123456789Z"),
                17,
                false));
    assertThat(server.takeRequest().getUrl().encodedPath()).isEqualTo("/status");
  }

  @Test
  void blockWithCommitNilAbsentSignaturesAndEvidence() throws Exception {
    enqueueFixture("block-1001.json");

    Block block = client().block(1001);

    assertThat(block.header())
        .isEqualTo(
            new BlockHeader(
                "testhub-2",
                1001,
                Instant.parse("2024-08-29T23:44:33.000000001Z"),
                "C56927EFE05EFF745C04FBE80A0308ADACADCB71",
                "9E1A3C0B7F5D4E2A1B6C8D0E3F5A7B9C1D2E4F6A8B0C2D4E6F8A0B2C4D6E8F0A",
                "9E1A3C0B7F5D4E2A1B6C8D0E3F5A7B9C1D2E4F6A8B0C2D4E6F8A0B2C4D6E8F0A"));
    assertThat(block.txCount()).isEqualTo(2);
    assertThat(block.lastCommit().height()).isEqualTo(1000);
    assertThat(block.lastCommit().round()).isZero();
    assertThat(block.lastCommit().signatures())
        .containsExactly(
            new CommitSig(
                BlockIdFlag.COMMIT,
                "122D557F2760836F67A18D5545FAA932BF93B023",
                Instant.parse("2024-08-29T23:44:32.512345678Z")),
            new CommitSig(
                BlockIdFlag.NIL,
                "C56927EFE05EFF745C04FBE80A0308ADACADCB71",
                Instant.parse("2024-08-29T23:44:32.61Z")),
            new CommitSig(BlockIdFlag.ABSENT, "", Instant.parse("0001-01-01T00:00:00Z")));
    assertThat(block.doubleSignEvidence())
        .containsExactly(new DuplicateVoteEvidence("70ADAC15E5C8A102322C5350027FCB5B10D29E9E", 995));
    HttpUrl url = server.takeRequest().getUrl();
    assertThat(url.encodedPath()).isEqualTo("/block");
    assertThat(url.queryParameter("height")).isEqualTo("1001");
  }

  @Test
  void firstBlockHasNoLastCommit() throws Exception {
    enqueueFixture("block-1.json");

    Block block = client().block(1);

    assertThat(block.height()).isEqualTo(1);
    assertThat(block.lastCommit()).isNull();
    assertThat(block.txCount()).isZero();
    assertThat(block.doubleSignEvidence()).isEmpty();
  }

  @Test
  void latestBlockSendsNoHeight() throws Exception {
    enqueueFixture("block-1001.json");

    assertThat(client().latestBlock().height()).isEqualTo(1001);

    HttpUrl url = server.takeRequest().getUrl();
    assertThat(url.encodedPath()).isEqualTo("/block");
    assertThat(url.querySize()).isZero();
  }

  @Test
  void commit() throws Exception {
    enqueueFixture("commit-1000.json");

    Commit commit = client().commit(1000);

    assertThat(commit.height()).isEqualTo(1000);
    assertThat(commit.signatures())
        .extracting(CommitSig::flag)
        .containsExactly(BlockIdFlag.COMMIT, BlockIdFlag.NIL, BlockIdFlag.ABSENT);
    HttpUrl url = server.takeRequest().getUrl();
    assertThat(url.encodedPath()).isEqualTo("/commit");
    assertThat(url.queryParameter("height")).isEqualTo("1000");
  }

  @Test
  void validatorsJoinsPagesInOrderWithHeightPinned() throws Exception {
    enqueueFixture("validators-1000-page1.json");
    enqueueFixture("validators-1000-page2.json");

    ValidatorSet set = client().validators(1000);

    assertThat(set.height()).isEqualTo(1000);
    assertThat(set.validators())
        .extracting(ConsensusValidator::address)
        .containsExactly(
            "122D557F2760836F67A18D5545FAA932BF93B023",
            "C56927EFE05EFF745C04FBE80A0308ADACADCB71",
            "94CC7411D717F14579B2AA100FBBB34FA593FEAE",
            "F53B26152D263BA83B037CD4962E434801256B88");
    assertThat(set.validators())
        .extracting(ConsensusValidator::votingPower)
        .containsExactly(150L, 100L, 50L, 50L);
    assertThat(set.validators().get(0).proposerPriority()).isEqualTo(-120);
    assertThat(set.validators().get(0).pubKey().type()).isEqualTo(KeyType.ED25519);
    assertThat(set.validators().get(0).pubKey().addressHex())
        .isEqualTo("122D557F2760836F67A18D5545FAA932BF93B023");
    assertThat(set.validators().get(2).pubKey().type()).isEqualTo(KeyType.SECP256K1);
    assertThat(set.validators().get(3).pubKey()).as("unknown key type").isNull();
    assertThat(set.totalVotingPower()).isEqualTo(350);

    for (int page = 1; page <= 2; page++) {
      HttpUrl url = server.takeRequest().getUrl();
      assertThat(url.encodedPath()).isEqualTo("/validators");
      assertThat(url.queryParameter("height")).isEqualTo("1000");
      assertThat(url.queryParameter("page")).isEqualTo(Integer.toString(page));
      assertThat(url.queryParameter("per_page")).isEqualTo("100");
    }
  }

  @Test
  void validatorsPageAtAnotherHeightIsMalformed() {
    enqueueFixture("validators-1000-page1.json");
    enqueueFixture("validators-1004-page2.json");
    CometRpcClient client = client();

    MalformedResponseException e =
        catchThrowableOfType(MalformedResponseException.class, () -> client.validators(1000));

    assertThat(e)
        .hasMessageStartingWith("validators(height=1000) on " + client.endpoint().redacted())
        .hasMessageContaining("page 2: block_height 1004 differs from the requested 1000");
    assertThat(client.requestCount(RequestOutcome.SUCCESS)).isEqualTo(1);
    assertThat(client.requestCount(RequestOutcome.MALFORMED)).isEqualTo(1);
  }

  @Test
  void validatorsTotalThatIsNeverReachedIsMalformed() {
    enqueueFixture("validators-1000-page1.json");
    enqueueJson(
        200, "{\"jsonrpc\":\"2.0\",\"id\":-1,\"result\":{\"block_height\":\"1000\",\"validators\":[],"
            + "\"count\":\"0\",\"total\":\"4\"}}");

    assertThatThrownBy(() -> client().validators(1000))
        .isInstanceOf(MalformedResponseException.class)
        .hasMessageContaining("page 2: total 4 does not match the 2 validators returned");
  }

  @Test
  void abciQuerySuccess() throws Exception {
    enqueueFixture("abci-query-ok.json");

    AbciQueryResult result =
        client().abciQuery("/cosmos.slashing.v1beta1.Query/Params", new byte[] {0x0a, 0x01}, 1002);

    assertThat(result.isOk()).isTrue();
    assertThat(result.height()).isEqualTo(1002);
    assertThat(HexFormat.of().formatHex(result.value())).isEqualTo("0a0e08904e1a0c0880b518100a");
    RecordedRequest request = server.takeRequest();
    assertThat(request.getUrl().encodedPath()).isEqualTo("/abci_query");
    assertThat(request.getUrl().queryParameter("path"))
        .isEqualTo("\"/cosmos.slashing.v1beta1.Query/Params\"");
    assertThat(request.getUrl().queryParameter("data")).isEqualTo("0x0a01");
    assertThat(request.getUrl().queryParameter("height")).isEqualTo("1002");
  }

  @Test
  void abciQueryDecodesALargeValueExactly() throws Exception {
    byte[] value = new byte[60_000];
    new java.util.Random(7).nextBytes(value);
    enqueueJson(200, "{\"jsonrpc\":\"2.0\",\"id\":-1,\"result\":{\"response\":{\"code\":0,\"value\":\""
        + java.util.Base64.getEncoder().encodeToString(value) + "\",\"height\":\"7\"}}}");

    AbciQueryResult result = client().abciQuery("/cosmos.staking.v1beta1.Query/Validators", new byte[0], 7);

    assertThat(result.value()).isEqualTo(value);
    assertThat(result.height()).isEqualTo(7);
  }

  @Test
  void abciQueryRefusesAValueThatIsNotBase64() {
    enqueueJson(200, "{\"jsonrpc\":\"2.0\",\"id\":-1,\"result\":{\"response\":{\"value\":\"CgE*\"}}}");
    enqueueJson(200, "{\"jsonrpc\":\"2.0\",\"id\":-1,\"result\":{\"response\":{\"value\":12}}}");

    assertThatThrownBy(() -> client().abciQuery("/p", new byte[0], 0))
        .isInstanceOf(MalformedResponseException.class)
        .hasMessageContaining("value")
        .hasMessageContaining("not base64");
    assertThatThrownBy(() -> client().abciQuery("/p", new byte[0], 0))
        .isInstanceOf(MalformedResponseException.class)
        .hasMessageContaining("expected a string");
  }

  @Test
  void abciQueryApplicationErrorIsReturnedNotThrown() throws Exception {
    enqueueFixture("abci-query-error.json");
    CometRpcClient client = client();

    AbciQueryResult result = client.abciQuery("/cosmos.slashing.v1beta1.Query/SigningInfo", new byte[0], 0);

    assertThat(result.isOk()).isFalse();
    assertThat(result.code()).isEqualTo(22);
    assertThat(result.codespace()).isEqualTo("slashing");
    assertThat(result.log()).isEqualTo("SigningInfo not found for validator");
    assertThat(result.value()).isEmpty();
    assertThat(client.requestCount(RequestOutcome.SUCCESS)).isEqualTo(1);
    HttpUrl url = server.takeRequest().getUrl();
    assertThat(url.queryParameter("height")).as("latest").isNull();
    assertThat(url.queryParameter("data")).isNull();
  }

  @Test
  void prunedHeight() {
    enqueueJson(500, Fixtures.read("error-pruned.json"));
    CometRpcClient client = client();

    HeightBelowLowestException e =
        catchThrowableOfType(HeightBelowLowestException.class, () -> client.block(5));

    assertThat(e.lowestAvailableHeight()).isEqualTo(17);
    assertThat(e.code()).isEqualTo(-32603);
    assertThat(e.rpcMessage()).isEqualTo("Internal error");
    assertThat(e.method()).isEqualTo("block");
    assertThat(e.height()).hasValue(5);
    assertThat(e)
        .hasMessage(
            "block(height=5) on "
                + client.endpoint().redacted()
                + ": RPC error -32603 (Internal error): height 5 is not available, lowest height is 17");
    assertThat(client.requestCount(RequestOutcome.RPC_ERROR)).isEqualTo(1);
  }

  @Test
  void futureHeight() {
    enqueueJson(500, Fixtures.read("error-future.json"));

    HeightAboveLatestException e =
        catchThrowableOfType(HeightAboveLatestException.class, () -> client().commit(2000));

    assertThat(e.currentHeight()).isEqualTo(1002);
    assertThat(e).hasMessageContaining("commit(height=2000)");
  }

  @Test
  @SuppressWarnings("deprecation")
  void codeCatchingTheFormerNamesStillCatchesBothHeightErrors() {
    enqueueJson(500, Fixtures.read("error-pruned.json"));
    enqueueJson(500, Fixtures.read("error-future.json"));
    CometRpcClient client = client();

    assertThat(catchThrowableOfType(HeightNotAvailableException.class, () -> client.block(5)).lowestAvailableHeight())
        .isEqualTo(17);
    assertThat(catchThrowableOfType(HeightNotYetAvailableException.class, () -> client.commit(2000)).currentHeight())
        .isEqualTo(1002);
  }

  @Test
  void methodNotFound() {
    enqueueJson(500, Fixtures.read("error-method-not-found.json"));

    RpcErrorException e = catchThrowableOfType(RpcErrorException.class, () -> client().status());

    assertThat(e).isExactlyInstanceOf(RpcErrorException.class);
    assertThat(e.code()).isEqualTo(-32601);
    assertThat(e.data()).isEmpty();
    assertThat(e).hasMessageEndingWith(": RPC error -32601 (Method not found)");
  }

  @Test
  void badGatewayWithHtml() {
    server.enqueue(
        new MockResponse.Builder()
            .code(502)
            .setHeader("Content-Type", "text/html")
            .body("<html><body><h1>502 Bad Gateway</h1></body></html>")
            .build());
    CometRpcClient client = client();

    RpcHttpException e = catchThrowableOfType(RpcHttpException.class, () -> client.validators(7));

    assertThat(e.statusCode()).isEqualTo(502);
    assertThat(e).hasMessageContaining("validators(height=7)").hasMessageContaining("HTTP 502");
    assertThat(client.requestCount(RequestOutcome.HTTP_ERROR)).isEqualTo(1);
  }

  @Test
  void bodyThatIsNotJson() {
    enqueueJson(200, "{\"jsonrpc\":\"2.0\",\"id\":-1,\"result\":{\"node_info\":");

    assertThatThrownBy(() -> client().status())
        .isInstanceOf(MalformedResponseException.class)
        .hasMessageContaining("status on ")
        .hasMessageContaining("not a JSON-RPC object");
  }

  @Test
  void blocksReadOneAfterTheOtherShareTheirSignaturesAddresses() throws Exception {
    enqueueFixture("block-1001.json");
    enqueueFixture("block-1001.json");
    CometRpcClient client = client();

    Commit first = client.block(1001).lastCommit();
    Commit second = client.block(1001).lastCommit();

    assertThat(second).isEqualTo(first);
    for (int i = 0; i < first.signatures().size(); i++) {
      assertThat(second.signatures().get(i).validatorAddress()).isSameAs(first.signatures().get(i).validatorAddress());
    }
  }

  @Test
  void aBodyThatIsNotJsonIsShownByItsFirstEightyBytes() {
    String page = "<html><head><title>Maintenance</title></head><body>" + "x".repeat(200) + "</body></html>";
    enqueueJson(200, page);

    assertThatThrownBy(() -> client().block(5))
        .isInstanceOf(MalformedResponseException.class)
        .hasMessageEndingWith("response is not a JSON-RPC object: \"" + page.substring(0, 80) + "...\"");
  }

  @Test
  void aBodyArrivingByteByByteIsShownByItsFirstEightyBytesToo() {
    String page = "<!doctype html>" + "y".repeat(100);
    server.enqueue(
        new MockResponse.Builder()
            .setHeader("Content-Type", "text/html")
            .body(page)
            .throttleBody(1, 1, TimeUnit.MILLISECONDS)
            .build());

    assertThatThrownBy(() -> client().block(5))
        .isInstanceOf(MalformedResponseException.class)
        .hasMessageEndingWith("response is not a JSON-RPC object: \"" + page.substring(0, 80) + "...\"");
  }

  @Test
  void anEmptyBodyIsNamedSo() {
    enqueueJson(200, "");

    assertThatThrownBy(() -> client().block(5))
        .isInstanceOf(MalformedResponseException.class)
        .hasMessageEndingWith("response is not a JSON-RPC object: empty body");
  }

  @Test
  void aShortBodyThatIsNotJsonIsShownWhole() {
    enqueueJson(200, "  Service Unavailable  ");

    assertThatThrownBy(() -> client().block(5))
        .isInstanceOf(MalformedResponseException.class)
        .hasMessageEndingWith("response is not a JSON-RPC object: \"Service Unavailable\"");
  }

  @Test
  void fieldOfTheWrongTypeIsNamed() {
    String body = Fixtures.read("block-1001.json").replace("\"height\": \"1001\"", "\"height\": 1001");
    enqueueJson(200, body);
    CometRpcClient client = client();

    assertThatThrownBy(() -> client.block(1001))
        .isInstanceOf(MalformedResponseException.class)
        .hasMessageContaining("field result.block.header.height: expected a string, got number 1001");
    assertThat(client.requestCount(RequestOutcome.MALFORMED)).isEqualTo(1);
  }

  @Test
  void aNegativeHeightInStatusIsRefused() {
    enqueueJson(200, Fixtures.read("status.json").replace("\"latest_block_height\": \"1002\"", "\"latest_block_height\": \"-5\""));

    assertThatThrownBy(() -> client().status())
        .isInstanceOf(MalformedResponseException.class)
        .hasMessageContaining("field result.sync_info.latest_block_height: a height cannot be negative, got -5");
  }

  @Test
  void aRedirectToAnotherHostIsRefusedAndNamed() throws IOException {
    try (MockWebServer elsewhere = new MockWebServer()) {
      elsewhere.start();
      elsewhere.enqueue(new MockResponse.Builder().body(Fixtures.read("status.json")).build());
      String target = elsewhere.url("/status?apikey=s3cr3t").toString().replace("127.0.0.1", "localhost");
      server.enqueue(new MockResponse.Builder().code(307).setHeader("Location", target).build());
      CometRpcClient client = client();

      RpcHttpException e = catchThrowableOfType(RpcHttpException.class, client::status);

      assertThat(e.statusCode()).isEqualTo(307);
      assertThat(e).hasMessageContaining("redirect to http://localhost:" + elsewhere.getPort() + " refused")
          .hasMessageNotContaining("s3cr3t");
      assertThat(elsewhere.getRequestCount()).isZero();
    }
  }

  @Test
  void retryAfterIsReadInSecondsOrAsAnHttpDate() {
    server.enqueue(new MockResponse.Builder().code(429).setHeader("Retry-After", "3600").build());
    server.enqueue(
        new MockResponse.Builder()
            .code(503)
            .setHeader("Date", "Sun, 06 Nov 1994 08:49:37 GMT")
            .setHeader("Retry-After", "Sun, 06 Nov 1994 08:51:07 GMT")
            .build());
    server.enqueue(new MockResponse.Builder().code(503).build());
    CometRpcClient client = client();

    assertThat(catchThrowableOfType(RpcHttpException.class, client::status).retryAfter())
        .contains(java.time.Duration.ofHours(1));
    assertThat(catchThrowableOfType(RpcHttpException.class, client::status).retryAfter())
        .contains(java.time.Duration.ofSeconds(90));
    assertThat(catchThrowableOfType(RpcHttpException.class, client::status).retryAfter()).isEmpty();
  }

  @Test
  void missingFieldIsNamed() {
    String body = Fixtures.read("status.json").replace("\"catching_up\": false", "\"catching\": false");
    enqueueJson(200, body);

    assertThatThrownBy(() -> client().status())
        .isInstanceOf(MalformedResponseException.class)
        .hasMessageContaining("field result.sync_info.catching_up: missing");
  }

  @Test
  void oversizedBodyIsRejected() {
    String body = Fixtures.read("block-1001.json");
    server.enqueue(new MockResponse.Builder().body(body).build());
    server.enqueue(new MockResponse.Builder().chunkedBody(body, 256).build());
    CometRpcClient client =
        new CometRpcClient(RpcEndpoint.parse(server.url("/").toString()), http, 1024);

    assertThatThrownBy(() -> client.block(1001))
        .isInstanceOf(MalformedResponseException.class)
        .hasMessageContaining("larger than 1024 bytes");
    assertThatThrownBy(() -> client.block(1001))
        .as("without Content-Length")
        .isInstanceOf(MalformedResponseException.class)
        .hasMessageContaining("larger than 1024 bytes");
    assertThat(client.requestCount(RequestOutcome.MALFORMED)).isEqualTo(2);
  }

  @Test
  void connectionRefused() {
    CometRpcClient client = client();
    server.close();

    RpcNetworkException e = catchThrowableOfType(RpcNetworkException.class, () -> client.block(3));

    assertThat(e).hasMessageStartingWith("block(height=3) on " + client.endpoint().redacted());
    assertThat(e.getCause()).isInstanceOf(IOException.class);
    assertThat(client.requestCount(RequestOutcome.NETWORK_ERROR)).isEqualTo(1);
  }

  @Test
  void credentialsNeverReachExceptionMessagesButAreSent() throws Exception {
    HttpUrl base =
        server.url("/rpc/AbCdEf0123456789xyz").newBuilder()
            .username("alice")
            .password("pa55word")
            .addQueryParameter("apikey", "k3y-v4lue")
            .build();
    CometRpcClient client = new CometRpcClient(RpcEndpoint.parse(base.toString()), http);
    enqueueJson(500, Fixtures.read("error-pruned.json"));

    RpcException e = catchThrowableOfType(RpcException.class, () -> client.block(5));

    assertThat(e.getMessage())
        .doesNotContain("alice", "pa55word", "k3y-v4lue", "AbCdEf0123456789xyz")
        .contains("/rpc/***?apikey=***");
    RecordedRequest request = server.takeRequest();
    assertThat(request.getUrl().encodedPath()).isEqualTo("/rpc/AbCdEf0123456789xyz/block");
    assertThat(request.getUrl().queryParameter("apikey")).isEqualTo("k3y-v4lue");
    assertThat(request.getHeaders().get("Authorization"))
        .isEqualTo(Credentials.basic("alice", "pa55word"));

    server.close();
    RpcException network = catchThrowableOfType(RpcException.class, () -> client.status());
    assertThat(network.getMessage())
        .doesNotContain("alice", "pa55word", "k3y-v4lue", "AbCdEf0123456789xyz");
  }

  @Test
  void everyRequestIsCountedOnceUnderItsOutcome() throws Exception {
    CometRpcClient client = client();
    enqueueFixture("status.json");
    enqueueFixture("validators-1000-page1.json");
    enqueueFixture("validators-1000-page2.json");
    enqueueJson(500, Fixtures.read("error-pruned.json"));
    enqueueJson(503, "");
    enqueueJson(200, "not json");

    client.status();
    client.validators(1000);
    assertThatThrownBy(() -> client.block(1)).isInstanceOf(RpcErrorException.class);
    assertThatThrownBy(() -> client.block(1)).isInstanceOf(RpcHttpException.class);
    assertThatThrownBy(() -> client.block(1)).isInstanceOf(MalformedResponseException.class);

    assertThat(client.requestCount(RequestOutcome.SUCCESS)).isEqualTo(3);
    assertThat(client.requestCount(RequestOutcome.RPC_ERROR)).isEqualTo(1);
    assertThat(client.requestCount(RequestOutcome.HTTP_ERROR)).isEqualTo(1);
    assertThat(client.requestCount(RequestOutcome.MALFORMED)).isEqualTo(1);
    assertThat(client.requestCount(RequestOutcome.NETWORK_ERROR)).isZero();
    assertThat(server.getRequestCount()).isEqualTo(6);
  }

  @Test
  void heightMustBePositive() {
    CometRpcClient client = client();

    assertThatThrownBy(() -> client.block(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("height must be positive, got 0");
    assertThatThrownBy(() -> client.validators(-1)).isInstanceOf(IllegalArgumentException.class);
    assertThat(server.getRequestCount()).isZero();
  }
}
