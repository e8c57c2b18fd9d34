package io.valwatch.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The times CometBFT writes, read without a string: always the instant {@link Instant#parse} reads, and the same text back. */
class CometTimeTest {
  private final CometTime reader = new CometTime();

  private boolean read(String text) {
    return reader.read(text.toCharArray(), 0, text.length());
  }

  /** Reads {@code text} from the middle of a larger buffer, as from a parser's, and writes it back. */
  private void assertReadLikeInstantParse(String text) {
    char[] buffer = ("\"x\":\"" + text + "\",").toCharArray();
    assertThat(reader.read(buffer, 5, text.length())).as(text).isTrue();
    Instant expected = Instant.parse(text);
    assertThat(reader.epochSecond()).as(text).isEqualTo(expected.getEpochSecond());
    assertThat(reader.nano()).as(text).isEqualTo(expected.getNano());
    assertThat(CometTime.text(reader.epochSecond(), reader.nano(), reader.fractionDigits())).isEqualTo(text);
  }

  @Test
  void timesAsCometBftWritesThem() {
    for (String text :
        List.of(
            "2024-08-29T23:44:32.512345678Z",
            "2024-08-29T23:44:32.5Z",
            "2024-08-29T23:44:32.500Z",
            "2024-08-29T23:44:32.000000001Z",
            "2024-08-29T23:44:32Z",
            "0001-01-01T00:00:00Z",
            "1970-01-01T00:00:00Z",
            "1969-12-31T23:59:59.999999999Z",
            "2000-02-29T12:00:00.1Z",
            "2100-02-28T00:00:00Z",
            "9999-12-31T23:59:59.999999999Z")) {
      assertReadLikeInstantParse(text);
    }
  }

  @Test
  void timesOfTheSameMinuteAndOfOthersOneAfterTheOther() {
    for (String text :
        List.of(
            "2024-08-29T23:44:32.5Z",
            "2024-08-29T23:44:59.999Z",
            "2024-08-29T23:44:00Z",
            "2024-08-29T23:45:00Z",
            "2024-08-30T23:44:32Z",
            "2023-08-29T23:44:32Z",
            "2024-08-29T23:44:32.5Z")) {
      assertReadLikeInstantParse(text);
    }
    assertThat(read("2024-08-29T23:44:60Z")).isFalse();
    assertThat(read("2024-08-29T23:44:1xZ")).isFalse();
    assertReadLikeInstantParse("2024-08-29T23:44:01Z");
  }

  @Test
  void randomTimesReadAsInstantParseReadsThem() {
    Random random = new Random(8);
    for (int i = 0; i < 20_000; i++) {
      long second = random.nextLong(-62_135_596_800L, 253_402_300_800L);
      if (i % 2 == 1) { // half of them in the minute of the one before
        second = Math.floorDiv(reader.epochSecond(), 60) * 60 + random.nextInt(60);
      }
      Instant t = Instant.ofEpochSecond(second, random.nextInt(1_000_000_000));
      String nanos = String.format("%09d", t.getNano());
      int digits = random.nextInt(10);
      String text = t.toString().substring(0, 19) + (digits == 0 ? "" : "." + nanos.substring(0, digits)) + "Z";
      assertReadLikeInstantParse(text);
    }
  }

  @Test
  void anythingElseIsLeftAsText() {
    for (String text :
        List.of(
            "2024-08-29t23:44:32Z",
            "2024-08-29T23:44:32z",
            "2024-08-29T23:44:32+00:00",
            "2024-08-29T23:44:32.Z",
            "2024-08-29T23:44:32.1234567890Z",
            "2024-08-29 23:44:32Z",
            "2024-02-30T00:00:00Z",
            "2023-02-29T00:00:00Z",
            "1900-02-29T00:00:00Z",
            "2024-13-01T00:00:00Z",
            "2024-00-01T00:00:00Z",
            "2024-01-00T00:00:00Z",
            "2024-01-01T24:00:00Z",
            "2024-01-01T00:60:00Z",
            "2016-12-31T23:59:60Z",
            "+2024-01-01T00:00:0Z",
            "2024-01-01T00:00:00.12a4Z",
            "20240101T000000Z",
            "",
            "not a time at all, and long enough")) {
      assertThat(read(text)).as(text).isFalse();
    }
  }

  @Test
  void aSignatureKeepsTheTextOfATimeInAnotherFormAndFailsOnlyWhenItIsRead() {
    CommitSig odd = CommitSig.withTimestampText(BlockIdFlag.COMMIT, "AB", "2024-08-29T23:44:32+02:00");
    CommitSig bad = CommitSig.withTimestampText(BlockIdFlag.COMMIT, "AB", "yesterday");

    assertThat(odd.timestampText()).isEqualTo("2024-08-29T23:44:32+02:00");
    assertThat(odd.timestamp()).isEqualTo(Instant.parse("2024-08-29T21:44:32Z"));
    assertThat(bad.timestampText()).isEqualTo("yesterday");
    org.assertj.core.api.Assertions.assertThatThrownBy(bad::timestamp).isInstanceOf(DateTimeParseException.class);
  }

  @Test
  void signaturesWithTheSameInstantAreEqualWhateverTheirText() {
    CommitSig read = CommitSig.withCometTime(BlockIdFlag.NIL, "AB", 1_724_975_072L, 500_000_000, 3);
    CommitSig made = new CommitSig(BlockIdFlag.NIL, "AB", Instant.parse("2024-08-29T23:44:32.5Z"));
    CommitSig other = CommitSig.withCometTime(BlockIdFlag.NIL, "AB", 1_724_975_072L, 500_000_001, 9);

    assertThat(read.timestampText()).isEqualTo("2024-08-29T23:44:32.500Z");
    assertThat(read).isEqualTo(made).hasSameHashCodeAs(made);
    assertThat(made).isEqualTo(read);
    assertThat(read).isNotEqualTo(other);
  }
}
