package io.valwatch.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.valwatch.rpc.RequestOutcome;
import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BuildersTest {
  private static final EndpointStatus ENDPOINT =
      EndpointStatus.builder()
          .endpoint("https://rpc.example")
          .up(true)
          .height(12L)
          .requests(Map.of(RequestOutcome.SUCCESS, 3L))
          .build();

  @Test
  void chainSpecToBuilderKeepsEveryValueAndChangesOnlyWhatIsSet() {
    ChainSpec spec =
        ChainSpec.builder("cosmoshub-4")
            .plugin("cosmos-sdk")
            .rpcEndpoint("https://a.example")
            .rpcEndpoint("https://b.example", "b")
            .track("cosmosvaloper1abc", "main")
            .pollInterval(Duration.ofSeconds(3))
            .startHeight(100)
            .pluginOption("transport", "grpc")
            .displayUnit("ATOM", 6)
            .maxInFlight(4)
            .build();

    assertThat(spec.toBuilder().build()).isEqualTo(spec).hasSameHashCodeAs(spec);
    ChainSpec changed = spec.toBuilder().pollInterval(Duration.ofSeconds(9)).rpcEndpoint("https://c.example").build();
    assertThat(changed.pollInterval()).isEqualTo(Duration.ofSeconds(9));
    assertThat(changed.endpoints()).hasSize(3);
    assertThat(changed.validators()).isEqualTo(spec.validators());
    assertThat(changed.startHeight()).isEqualTo(spec.startHeight());
    assertThat(spec.endpoints()).hasSize(2);
    assertThat(spec.pollInterval()).isEqualTo(Duration.ofSeconds(3));
  }

  @Test
  void chainSpecBuilderStillValidates() {
    assertThatThrownBy(() -> ChainSpec.builder("c").rpcEndpoint("https://a.example").maxInFlight(0).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maxInFlight");
  }

  @Test
  void chainStatusDefaultsAndToBuilder() {
    ChainStatus empty = ChainStatus.builder().chainId("c").build();
    assertThat(empty.validators()).isEmpty();
    assertThat(empty.endpoints()).isEmpty();
    assertThat(empty.health()).isEqualTo(ChainHealth.OK);
    assertThat(empty.latestHeight()).isEmpty();

    ChainStatus status =
        empty.toBuilder().latestHeight(7L).seatPriceTokens(BigInteger.TEN).endpoints(List.of(ENDPOINT)).build();
    assertThat(status.latestHeight()).hasValue(7L);
    assertThat(status.endpoints()).containsExactly(ENDPOINT);
    assertThat(status.chainId()).isEqualTo("c");
    assertThat(status).isNotEqualTo(empty);
    assertThat(status.toBuilder().build()).isEqualTo(status).hasSameHashCodeAs(status);
    assertThat(empty.latestHeight()).isEmpty();
  }

  @Test
  void snapshotsCopyTheirCollections() {
    ArrayList<EndpointStatus> endpoints = new ArrayList<>(List.of(ENDPOINT));
    ChainStatus status = ChainStatus.builder().chainId("c").endpoints(endpoints).build();
    endpoints.clear();
    assertThat(status.endpoints()).containsExactly(ENDPOINT);
    assertThatThrownBy(() -> status.endpoints().add(ENDPOINT)).isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void validatorAndStakingStatusRoundTrip() {
    StakingStatus staking =
        StakingStatus.builder().operatorAddress("op").jailed(true).bondStatus(BondStatus.BONDED).build();
    ValidatorStatus validator = ValidatorStatus.builder().identity("op").label("").staking(staking).build();
    assertThat(validator.toBuilder().build()).isEqualTo(validator);
    assertThat(validator.displayAddress()).isEqualTo("op");
    assertThat(staking.toBuilder().jailed(false).build().summary()).isEqualTo("bonded");
    assertThat(staking.summary()).isEqualTo("jailed");
    assertThat(staking.tokensByDenom()).isEmpty();
    assertThat(validator.toString()).startsWith("ValidatorStatus[identity=op");
  }
}
