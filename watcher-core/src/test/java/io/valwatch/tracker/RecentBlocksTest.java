package io.valwatch.tracker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RecentBlocksTest {
  @Test
  void readsEveryMarkAtItsHeight() {
    RecentBlocks recent = new RecentBlocks(105, "SNMsnm");

    assertThat(recent.firstHeight()).isEqualTo(100);
    assertThat(recent.at(100)).contains(new HeightMark(HeightMark.Outcome.SIGNED, false));
    assertThat(recent.at(101)).contains(new HeightMark(HeightMark.Outcome.NIL, false));
    assertThat(recent.at(102)).contains(new HeightMark(HeightMark.Outcome.MISSED, false));
    assertThat(recent.at(103)).contains(new HeightMark(HeightMark.Outcome.SIGNED, true));
    assertThat(recent.at(104)).contains(new HeightMark(HeightMark.Outcome.NIL, true));
    assertThat(recent.at(105)).contains(new HeightMark(HeightMark.Outcome.MISSED, true));
    assertThat(recent.at(99)).isEmpty();
    assertThat(recent.at(106)).isEmpty();
  }

  @Test
  void heightOutOfTheSetHasNoMark() {
    assertThat(new RecentBlocks(3, "S.S").at(2)).isEmpty();
  }

  @Test
  void refusesUnknownMarksNamingTheHeight() {
    assertThatThrownBy(() -> new RecentBlocks(12, "SSX"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'X'")
        .hasMessageContaining("height 12");
  }

  @Test
  void refusesMoreMarksThanHeights() {
    assertThatThrownBy(() -> new RecentBlocks(2, "SSS"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("3 marks cannot end at height 2");
  }
}
