package io.valwatch.plugins.minter;

import static org.assertj.core.api.Assertions.assertThat;

import io.valwatch.plugins.minter.GuardCheck.State;
import io.valwatch.plugins.minter.GuardCheck.Verdict;
import io.valwatch.rpc.RpcEndpoint;
import io.valwatch.simnet.minter.MinterApiServer;
import io.valwatch.simnet.minter.MinterChain;
import java.io.IOException;
import java.time.Clock;
import java.util.List;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Each reason a pre-signed transaction would be refused, checked against the simulated chain, which
 * refuses the same transaction when it is sent.
 */
class GuardCheckTest {
  private final OkHttpClient http = new OkHttpClient();
  private final MinterChain chain = MinterChain.builder().candidate("alice", 3_000).candidate("bob", 2_000)
      .balance("alice", 0).build();
  private MinterApiServer api;
  private GuardCheck bob;

  @BeforeEach
  void start() throws IOException {
    chain.produceUntil(3);
    api = MinterApiServer.start(chain);
    bob = check(chain.publicKey("bob"), api.url());
  }

  @AfterEach
  void stop() {
    api.close();
  }

  private GuardCheck check(String key, String... urls) {
    return new GuardCheck(new EndpointGroup(chain.network(), List.of(urls).stream().map(RpcEndpoint::parse).toList(), http,
        Clock.systemUTC()), key);
  }

  @Test
  void aUsableTransactionIsArmed() {
    Verdict v = bob.check(chain.transaction("bob").candidateOff("bob").sign());

    assertThat(v.state()).isEqualTo(State.ARMED);
    assertThat(v.reason()).contains("SetCandidateOffline", chain.truth().candidate("bob").ownerAddress(), "nonce 1",
        "fee 100000000000000000 in gas coin 0");
  }

  @Test
  void eachRefusalIsNamed() {
    assertThat(bob.check("0xf8").reason()).contains("the transaction is not a Minter transaction");
    assertThat(bob.check(chain.transaction("bob").candidateOn("bob").sign()).reason())
        .contains("SetCandidateOnline (0x0a), not a SetCandidateOffline");
    assertThat(bob.check(chain.transaction("bob").candidateOff("alice").sign()).reason())
        .contains("switches off " + chain.publicKey("alice") + ", not this validator");
    assertThat(bob.check(chain.transaction("bob").candidateOff("bob").chainId(2).sign()).reason())
        .contains("chain id 2; this network takes 1");
    assertThat(bob.check(chain.transaction("alice").candidateOff("bob").sign()).reason())
        .contains("neither the candidate's owner");
    assertThat(bob.check(chain.transaction("bob").candidateOff("bob").nonce(3).sign()).reason())
        .contains("nonce 3 is ahead: the next nonce of");
    assertThat(bob.check(chain.transaction("bob").candidateOff("bob").gasCoin(7).sign()).reason())
        .contains("cannot be paid in gas coin 7");
    assertThat(bob.check(chain.transaction("bob").candidateOff("bob").gasPrice(5_000).sign()).reason())
        .contains("fee of 500000000000000000000 in gas coin 0 exceeds the balance");
  }

  @Test
  void anAccountWithoutFundsCannotPay() {
    GuardCheck alice = check(chain.publicKey("alice"), api.url());

    assertThat(alice.check(chain.transaction("alice").candidateOff("alice").sign()).reason())
        .contains("exceeds the balance", "(0)");
  }

  @Test
  void unreachableEndpointsLeaveTheVerdictUnchecked() {
    GuardCheck nowhere = check(chain.publicKey("bob"), "http://127.0.0.1:1/v2");

    assertThat(nowhere.check(chain.transaction("bob").candidateOff("bob").sign()).state()).isEqualTo(State.UNCHECKED);
  }

  @Test
  void theTestnetIsToldByTheNodesVersion() {
    assertThat(GuardCheck.chainIdOf("3.3.0-testnet")).isEqualTo(2);
    assertThat(GuardCheck.chainIdOf("3.3.0-5d5c4ab-testnet")).isEqualTo(2);
    assertThat(GuardCheck.chainIdOf("3.3.0")).isEqualTo(1);
  }
}
