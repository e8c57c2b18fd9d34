package io.valwatch.plugins.minter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.valwatch.rpc.RpcEndpoint;
import java.time.Clock;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;

/** A signed transaction echoed back by whatever stands in front of the node never reaches a message. */
class GuardSecrecyTest {
  private static final String TX = MinterTransactionTest.SDK_CANDIDATE_OFF;
  private static final String BODY = TX.substring(2);

  @StartStop final MockWebServer node = new MockWebServer();

  private MinterEndpoint endpoint() {
    return new MinterEndpoint(RpcEndpoint.parse(node.url("/v2").toString()), new OkHttpClient(), Clock.systemUTC());
  }

  @Test
  void anErrorPageQuotingThePathDoesNotCarryTheTransactionIntoMessagesOrHealth() {
    node.enqueue(new MockResponse.Builder().code(404)
        .body("Cannot GET /v2/estimate_tx_commission/" + TX.toUpperCase().replace("0X", "0x")).build());
    MinterEndpoint endpoint = endpoint();

    MinterApiException e = catchThrowableOfType(() -> endpoint.estimateTxCommission(TX), MinterApiException.class);

    assertThat(e.getMessage()).contains("estimate_tx_commission/<the transaction>").doesNotContainIgnoringCase(BODY);
    assertThat(String.valueOf(endpoint.health())).doesNotContainIgnoringCase(BODY);
  }

  @Test
  void aRefusalEchoingTheRequestBodyDoesNotCarryTheTransaction() {
    node.enqueue(new MockResponse.Builder().code(502).body("bad gateway for {\"tx\":\"" + TX + "\"}").build());

    MinterApiException e = catchThrowableOfType(() -> endpoint().sendTransaction(TX), MinterApiException.class);

    assertThat(e.getMessage()).contains("<the transaction>").doesNotContain(BODY);
  }
}
