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

  @Test
  void keepsEveryMarkOfAFullGridAcrossWords() {
    String marks = "SSNMs.SSmSSSSSSSSSSSSnSSSSSSSSSSSSSSSSSSSSSM.........SSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSm".repeat(4);

    RecentBlocks recent = new RecentBlocks(1_000, marks);

    assertThat(recent.marks()).isEqualTo(marks);
    assertThat(recent.firstHeight()).isEqualTo(1_000 - marks.length() + 1);
    assertThat(recent.at(1_000)).contains(new HeightMark(HeightMark.Outcome.MISSED, true));
    assertThat(recent.at(recent.firstHeight() + 21)).contains(new HeightMark(HeightMark.Outcome.NIL, true));
    assertThat(recent.at(recent.firstHeight() + 5)).isEmpty();
  }

  @Test
  void marksFromTheWindowEqualTheSameMarksAsText() {
    RecentBlocks built = new RecentBlocks.Builder(7, 4)
        .add(SigningWindow.SIGNED, false)
        .add(SigningWindow.NOT_IN_SET, true)
        .add(SigningWindow.NIL, true)
        .add(SigningWindow.MISSED, false)
        .build();

    assertThat(built.marks()).isEqualTo("S.nM");
    assertThat(built).isEqualTo(new RecentBlocks(7, "S.nM")).hasSameHashCodeAs(new RecentBlocks(7, "S.nM"));
    assertThat(built).isNotEqualTo(new RecentBlocks(8, "S.nM")).isNotEqualTo(new RecentBlocks(7, "S.nm"));
    assertThat(built).hasToString("RecentBlocks[lastHeight=7, marks=S.nM]");
  }

  @Test
  void aBuilderCannotChangeWhatItBuilt() {
    RecentBlocks.Builder builder = new RecentBlocks.Builder(2, 2).add(SigningWindow.SIGNED, false);
    RecentBlocks built = builder.build();

    assertThatThrownBy(() -> builder.add(SigningWindow.MISSED, false)).isInstanceOf(IllegalStateException.class);
    assertThat(built.marks()).isEqualTo("S");
  }

  @Test
  void noMarksIsNone() {
    assertThat(new RecentBlocks(0, "")).isEqualTo(RecentBlocks.NONE);
    assertThat(RecentBlocks.NONE.marks()).isEmpty();
    assertThat(RecentBlocks.NONE.firstHeight()).isEqualTo(1);
  }
}
