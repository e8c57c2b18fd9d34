package io.valwatch.plugins.cosmos;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.valwatch.identity.ConsensusKey;
import io.valwatch.identity.KeyType;
import io.valwatch.model.BondStatus;
import io.valwatch.proto.cosmos.base.query.v1beta1.PageRequest;
import io.valwatch.proto.cosmos.staking.v1beta1.QueryValidatorsRequest;
import io.valwatch.proto.cosmos.staking.v1beta1.QueryValidatorsResponse;
import io.valwatch.rpc.CometRpcClient;
import io.valwatch.rpc.RpcEndpoint;
import io.valwatch.simnet.SimnetServer;
import io.valwatch.simnet.SimulatedChain;
import io.valwatch.simnet.ValidatorTruth;
import io.valwatch.spi.ChainData;
import io.valwatch.spi.SigningInfo;
import io.valwatch.spi.ValidatorInfo;
import java.io.IOException;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The simulated Cosmos Hub-like chain the plugin's tests read, and the check that what the plugin read is what
 * the simulator's truth holds. More validators than one page of 200 holds, so every read follows a next key.
 */
final class SimulatedHub {
  static final String CHAIN = "cosmoshub-4";
  static final int FILLERS = 200;

  private SimulatedHub() {}

  /** The chain, served on 127.0.0.1 for the tests of one class: {@code @RegisterExtension static final Served}. */
  static final class Served implements BeforeAllCallback, AfterAllCallback {
    SimulatedChain chain;
    SimnetServer server;

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
      chain = chain();
      server = SimnetServer.start(chain);
    }

    @Override
    public void afterAll(ExtensionContext context) {
      server.close();
    }
  }

  /**
   * {@code ed} (ed25519) leads; {@code secp} (secp256k1) has 42 uatom, less than one CometBFT power, and is never
   * bonded; {@code tomb} signs twice at height 3 and is tombstoned; {@code slow} is offline from height 20; 200
   * validators of one power fill the set, of which {@code max_validators} 180 leaves some out. 40 blocks.
   */
  static SimulatedChain chain() {
    SimulatedChain.Builder b = SimulatedChain.builder()
        .chainId(CHAIN)
        .bondDenom("uatom")
        .maxValidators(180)
        .signedBlocksWindow(100)
        .minSignedPerWindow("0.05")
        .downtimeJailDuration(Duration.ofMinutes(10))
        .slashFractionDoubleSign("0.05")
        .slashFractionDowntime("0.0001")
        .validator("ed", 1_500_000_000L)
        .secp256k1Validator("secp", 42)
        .validator("tomb", 800_000_000L)
        .validator("slow", 700_000_000L)
        .doubleSign("tomb", 3)
        .offline("slow", 20, 1_000);
    for (int i = 0; i < FILLERS; i++) {
      b.validator("filler-%03d".formatted(i), 1_000_000L + i);
    }
    SimulatedChain chain = b.build();
    chain.produceBlocks(40);
    return chain;
  }

  /** Asserts that {@code data} is the chain's staking and slashing state as the simulator knows it. */
  static void assertIsTheTruth(ChainData data, SimulatedChain chain) {
    Map<String, ValidatorTruth> truths = new HashMap<>();
    chain.truth().validators().values().forEach(t -> truths.put(t.operatorAddress(), t));
    assertThat(data.validators()).extracting(ValidatorInfo::operatorAddress)
        .containsExactlyInAnyOrderElementsOf(truths.keySet());
    Map<String, SigningInfo> signingInfos = new HashMap<>();
    for (ValidatorInfo v : data.validators()) {
      ValidatorTruth t = truths.get(v.operatorAddress());
      KeyType type = t.name().equals("secp") ? KeyType.SECP256K1 : KeyType.ED25519;
      assertThat(v.consensusKey()).as(t.name()).isEqualTo(ConsensusKey.fromBase64(type, t.pubKeyBase64()));
      assertThat(v.consensusAddressHex()).as(t.name()).isEqualTo(t.consensusAddressHex());
      assertThat(v.moniker()).as(t.name()).isEqualTo(t.name());
      assertThat(v.tokens()).as(t.name()).isEqualTo(BigInteger.valueOf(t.tokens()));
      assertThat(v.tokensByDenom()).as(t.name()).isEqualTo(Map.of("uatom", BigInteger.valueOf(t.tokens())));
      assertThat(v.status()).as(t.name()).isEqualTo(t.status());
      assertThat(v.jailed()).as(t.name()).isEqualTo(t.jailed());
      assertThat(v.votingPower()).as(t.name()).isEqualTo(t.status() == BondStatus.BONDED ? t.votingPower() / 1_000_000 : 0);
      assertThat(v.commissionRate()).as("%s: the simulator's commission", t.name()).isEqualByComparingTo("0.05");
      if (t.status() != BondStatus.UNBONDED) {
        signingInfos.put(t.consensusAddressHex(), SigningInfo.builder()
            .consensusAddressHex(t.consensusAddressHex())
            .startHeight(t.startHeight())
            .indexOffset(t.indexOffset())
            .jailedUntil(t.jailedUntil())
            .tombstoned(t.tombstoned())
            .missedBlocksCounter(t.missedBlocksCounter())
            .build());
      }
    }
    assertThat(data.signingInfos()).as("every validator ever bonded, none other").isEqualTo(signingInfos);

    ValidatorTruth tomb = chain.truth().validator("tomb");
    assertThat(tomb.tombstoned()).as("the scenario tombstones tomb").isTrue();
    assertThat(tomb.jailedUntil()).isEqualTo(Instant.parse("9999-12-31T23:59:59Z"));
    assertThat(chain.truth().validator("slow").missedBlocksCounter()).as("slow misses").isPositive();
    assertThat(chain.truth().validator("secp").status()).isEqualTo(BondStatus.UNBONDED);
    assertThat(truths.values()).as("max_validators leaves fillers out")
        .anyMatch(t -> t.name().startsWith("filler-") && t.status() == BondStatus.UNBONDED);

    assertThat(data.stakingParams()).hasValueSatisfying(p -> {
      assertThat(p.maxValidators()).isEqualTo(180);
      assertThat(p.bondDenom()).isEqualTo("uatom");
      assertThat(p.unbondingTime()).isEqualTo(Duration.ofDays(21));
    });
    assertThat(data.slashingParams()).hasValueSatisfying(p -> {
      assertThat(p.signedBlocksWindow()).isEqualTo(100);
      assertThat(p.minSignedPerWindow()).isEqualByComparingTo("0.05");
      assertThat(p.downtimeJailDuration()).isEqualTo(Duration.ofMinutes(10));
      assertThat(p.slashFractionDoubleSign()).isEqualByComparingTo("0.05");
      assertThat(p.slashFractionDowntime()).isEqualByComparingTo("0.0001");
    });
    assertThat(data.livenessRule().orElseThrow().maxMissedBlocks()).isEqualTo(95);
    assertThat(data.height()).as("read at the newest height").isEqualTo(chain.latestHeight());
  }

  /** The next_key of the first page of 200 validators, asked of the simulator directly. */
  static ByteString firstPageNextKey(SimnetServer server, OkHttpClient http) throws IOException {
    QueryValidatorsRequest request =
        QueryValidatorsRequest.newBuilder().setPagination(PageRequest.newBuilder().setLimit(Snapshot.PAGE_LIMIT)).build();
    byte[] reply = new CometRpcClient(RpcEndpoint.parse(server.url()), http)
        .abciQuery(CosmosSdkDataSource.VALIDATORS.path(), request.toByteArray(), 0)
        .value();
    ByteString key = QueryValidatorsResponse.parseFrom(reply).getPagination().getNextKey();
    assertThat(key).isNotEmpty();
    return key;
  }
}
