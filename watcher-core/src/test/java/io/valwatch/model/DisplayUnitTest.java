package io.valwatch.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.valwatch.spi.StakingParams;
import java.math.BigInteger;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class DisplayUnitTest {
  @Test
  void formatsBaseUnitsAsPeopleReadThem() {
    DisplayUnit atom = new DisplayUnit("ATOM", 6);
    assertThat(atom.format(BigInteger.valueOf(1_234_500_000L))).isEqualTo("1234.5 ATOM");
    assertThat(atom.format(BigInteger.valueOf(1_000_000L))).isEqualTo("1 ATOM");
    assertThat(atom.format(BigInteger.ONE)).isEqualTo("0.000001 ATOM");
    assertThat(atom.format(BigInteger.ZERO)).isEqualTo("0 ATOM");
    assertThat(new DisplayUnit("BIP", 18).format(new BigInteger("25000000000000000000000"))).isEqualTo("25000 BIP");
    assertThat(new DisplayUnit("stake", 0).format(BigInteger.valueOf(1200))).isEqualTo("1200 stake");
  }

  @Test
  void theCosmosDenomPrefixesGiveTheDefault() {
    assertThat(DisplayUnit.ofBaseDenom("uatom")).isEqualTo(new DisplayUnit("ATOM", 6));
    assertThat(DisplayUnit.ofBaseDenom("uinit")).isEqualTo(new DisplayUnit("INIT", 6));
    assertThat(DisplayUnit.ofBaseDenom("aevmos")).isEqualTo(new DisplayUnit("EVMOS", 18));
    assertThat(DisplayUnit.ofBaseDenom("stake")).as("no prefix: base units").isEqualTo(new DisplayUnit("stake", 0));
    assertThat(DisplayUnit.ofBaseDenom("uni")).as("too short to carry a prefix").isEqualTo(new DisplayUnit("uni", 0));
    assertThat(DisplayUnit.ofBaseDenom("ibc/27394FB092D2ECCD56123C74F36E4C1F926001CEADA9CA97EA622B25F41E5EB2").exponent())
        .isZero();
    assertThat(StakingParams.builder()
        .maxValidators(100)
        .bondDenom("uatom")
        .unbondingTime(Duration.ofDays(21))
        .build().displayUnit()).isEqualTo(new DisplayUnit("ATOM", 6));
    assertThat(StakingParams.builder()
        .maxValidators(100)
        .bondDenom("")
        .unbondingTime(Duration.ofDays(21))
        .build().displayUnit()).isNull();
  }

  @Test
  void rejectsNonsense() {
    assertThatThrownBy(() -> new DisplayUnit(" ", 6)).hasMessage("denom is empty");
    assertThatThrownBy(() -> new DisplayUnit("ATOM", -1)).hasMessage("exponent must be between 0 and 36, got -1");
  }
}
