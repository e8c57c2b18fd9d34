package io.valwatch.plugins.cosmos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import com.google.protobuf.Timestamp;
import io.valwatch.model.LivenessRule;
import io.valwatch.model.SlashingParams;
import io.valwatch.proto.cosmos.slashing.v1beta1.Params;
import io.valwatch.proto.cosmos.slashing.v1beta1.ValidatorSigningInfo;
import io.valwatch.spi.SigningInfo;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class SlashingConversionsTest {
  @Test
  void hubSlashingParamsFromHandWrittenWireBytes() throws Exception {
    SlashingParams params = SlashingConversions.slashingParams(Params.parseFrom(ProtoFixtures.hubSlashingParamsBytes()));

    assertThat(params.signedBlocksWindow()).isEqualTo(10_000);
    assertThat(params.minSignedPerWindow()).isEqualByComparingTo("0.05");
    assertThat(params.downtimeJailDuration()).isEqualTo(Duration.ofSeconds(600));
    assertThat(params.slashFractionDoubleSign()).isEqualByComparingTo("0.05");
    assertThat(params.slashFractionDowntime()).isEqualByComparingTo("0.0001");
    assertThat(params.minSignedBlocks()).isEqualTo(500);
    LivenessRule rule = params.livenessRule();
    assertThat(rule.windowBlocks()).isEqualTo(10_000);
    assertThat(rule.maxMissedBlocks()).isEqualTo(9_500);
    assertThat(rule.penalty()).isEqualTo(LivenessRule.Penalty.JAIL_FOR_DURATION);
    assertThat(rule.jailDuration()).isEqualTo(Duration.ofMinutes(10));
    assertThat(rule.slashFraction()).isEqualByComparingTo("0.0001");
  }

  @Test
  void malformedDecimalNamesTheField() {
    Params p =
        Params.newBuilder()
            .setSignedBlocksWindow(100)
            .setMinSignedPerWindow(ByteString.copyFromUtf8("half"))
            .build();

    assertThatThrownBy(() -> SlashingConversions.slashingParams(p))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("slashing params field min_signed_per_window: 'half' is not a LegacyDec");
  }

  @Test
  void signingInfoIsKeyedByUpperCaseHex() {
    ValidatorSigningInfo info =
        ValidatorSigningInfo.newBuilder()
            .setAddress(ProtoFixtures.ED25519_VALCONS)
            .setStartHeight(17)
            .setIndexOffset(25_053_975)
            .setJailedUntil(Timestamp.newBuilder().setSeconds(1_700_000_000).setNanos(5))
            .setTombstoned(true)
            .setMissedBlocksCounter(41)
            .build();

    assertThat(SlashingConversions.signingInfo(info))
        .isEqualTo(
            SigningInfo.builder()
                .consensusAddressHex(ProtoFixtures.ED25519_ADDRESS)
                .startHeight(17)
                .indexOffset(25_053_975)
                .jailedUntil(Instant.ofEpochSecond(1_700_000_000, 5))
                .tombstoned(true)
                .missedBlocksCounter(41)
                .build());
  }

  @Test
  void neverJailedIsTheEpoch() {
    ValidatorSigningInfo info = ValidatorSigningInfo.newBuilder().setAddress(ProtoFixtures.ED25519_VALCONS).build();

    assertThat(SlashingConversions.signingInfo(info).jailedUntil()).isEqualTo(Instant.EPOCH);
  }

  @Test
  void badAddressIsNamed() {
    ValidatorSigningInfo info = ValidatorSigningInfo.newBuilder().setAddress("cosmosvalcons1nope").build();

    assertThatThrownBy(() -> SlashingConversions.signingInfo(info))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'cosmosvalcons1nope'");
  }
}
