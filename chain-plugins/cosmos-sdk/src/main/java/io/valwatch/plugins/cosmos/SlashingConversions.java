package io.valwatch.plugins.cosmos;

import com.google.protobuf.ByteString;
import com.google.protobuf.Timestamp;
import io.valwatch.identity.Bech32;
import io.valwatch.model.SlashingParams;
import io.valwatch.proto.cosmos.slashing.v1beta1.Params;
import io.valwatch.proto.cosmos.slashing.v1beta1.ValidatorSigningInfo;
import io.valwatch.spi.SigningInfo;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;

/** Turns x/slashing protobuf messages into the plugin SPI's records. */
final class SlashingConversions {
  private static final HexFormat UPPER_HEX = HexFormat.of().withUpperCase();

  private SlashingConversions() {}

  /** @throws IllegalArgumentException naming the field when a decimal is malformed */
  static SlashingParams slashingParams(Params p) {
    return new SlashingParams(
        p.getSignedBlocksWindow(),
        dec("min_signed_per_window", p.getMinSignedPerWindow()),
        Duration.ofSeconds(p.getDowntimeJailDuration().getSeconds(), p.getDowntimeJailDuration().getNanos()),
        dec("slash_fraction_double_sign", p.getSlashFractionDoubleSign()),
        dec("slash_fraction_downtime", p.getSlashFractionDowntime()));
  }

  /**
   * One signing record, keyed by the hex form of its valcons address.
   *
   * @throws IllegalArgumentException naming the address when it is not valid bech32
   */
  static SigningInfo signingInfo(ValidatorSigningInfo info) {
    String hex = UPPER_HEX.formatHex(Bech32.decode(info.getAddress()).data());
    return SigningInfo.builder()
        .consensusAddressHex(hex)
        .startHeight(info.getStartHeight())
        .indexOffset(info.getIndexOffset())
        .jailedUntil(instant(info.getJailedUntil()))
        .tombstoned(info.getTombstoned())
        .missedBlocksCounter(info.getMissedBlocksCounter())
        .build();
  }

  private static BigDecimal dec(String field, ByteString ascii) {
    if (ascii.isEmpty()) {
      return BigDecimal.ZERO;
    }
    try {
      return LegacyDec.parse(ascii);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("slashing params field " + field + ": " + e.getMessage(), e);
    }
  }

  private static Instant instant(Timestamp t) {
    return Instant.ofEpochSecond(t.getSeconds(), t.getNanos());
  }
}
