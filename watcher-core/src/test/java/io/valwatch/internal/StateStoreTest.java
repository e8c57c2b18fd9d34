package io.valwatch.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.valwatch.tracker.TrackerState;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StateStoreTest {
  private static final TrackerState TRACKER = TrackerStateFormatTest.trackerAt(40).state();

  @TempDir Path dir;

  @Test
  void savedStateSurvivesANewStore() {
    StateStore first = StateStore.inDirectory(dir.resolve("state"));
    assertThat(first.load("cosmoshub-4")).isEqualTo(StateStore.Saved.NOTHING);
    first.save("cosmoshub-4", 21_955_288, () -> TrackerStateFormatTest.trackerAt(3).state());
    first.save("cosmoshub-4", 21_955_289, () -> TRACKER);
    first.save("osmosis-1", 7, () -> TRACKER);

    StateStore second = StateStore.inDirectory(dir.resolve("state"));
    StateStore.Saved hub = second.load("cosmoshub-4");
    assertThat(hub.cursor()).hasValue(21_955_289);
    assertThat(hub.trackerState().lastHeight()).isEqualTo(40);
    assertThat(hub.trackerState().validators()).hasSameSizeAs(TRACKER.validators());
    assertThat(hub.problem()).isNull();
    assertThat(second.load("osmosis-1").cursor()).hasValue(7);
  }

  @Test
  void leavesNoTemporaryFileBehind() throws Exception {
    StateStore store = StateStore.inDirectory(dir);
    store.save("chain/with:odd*chars", 5, () -> TRACKER);
    try (var files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactly("chain_with_odd_chars.state");
    }
    assertThat(store.load("chain/with:odd*chars").cursor()).hasValue(5);
  }

  @Test
  void aCorruptStateIsReportedOnceMovedAsideAndGivesAFreshStart() throws Exception {
    StateStore store = StateStore.inDirectory(dir);
    store.save("test-1", 99, () -> TRACKER);
    byte[] bytes = Files.readAllBytes(dir.resolve("test-1.state"));
    bytes[bytes.length / 2] ^= 0x40;
    Files.write(dir.resolve("test-1.state"), bytes);

    StateStore.Saved saved = store.load("test-1");
    assertThat(saved.cursor()).isEmpty();
    assertThat(saved.trackerState()).isNull();
    assertThat(saved.problem()).contains("test-1.state", "checksum", "moved to test-1.state.unusable", "starting afresh");
    assertThat(dir.resolve("test-1.state.unusable")).exists();
    assertThat(store.load("test-1")).as("reported once").isEqualTo(StateStore.Saved.NOTHING);
  }

  @Test
  void aFileOfAnotherFormatOrTruncatedIsReported() throws Exception {
    StateStore store = StateStore.inDirectory(dir);
    store.save("test-1", 99, () -> TRACKER);
    byte[] bytes = Files.readAllBytes(dir.resolve("test-1.state"));
    bytes[7] = 9; // the format number
    Files.write(dir.resolve("test-1.state"), bytes);
    assertThat(store.load("test-1").problem()).contains("format 9", "reads format 1");

    Files.write(dir.resolve("test-2.state"), new byte[] {1, 2, 3});
    assertThat(store.load("test-2").problem()).contains("truncated");
    Files.writeString(dir.resolve("test-3.state"), "{\"height\": 5, \"padding\": \"..........\"}");
    assertThat(store.load("test-3").problem()).contains("not a valwatch state file");
  }

  @Test
  void aCursorOfTheOlderFormatIsResumedWithoutTrackerStateAndReplacedAtTheNextSave() throws Exception {
    Files.writeString(dir.resolve("test-1.height"), "1234");
    StateStore store = StateStore.inDirectory(dir);

    StateStore.Saved saved = store.load("test-1");
    assertThat(saved.cursor()).hasValue(1234);
    assertThat(saved.trackerState()).isNull();
    assertThat(saved.problem()).contains("older format", "resuming after height 1234", "start empty");

    store.save("test-1", 1240, () -> TRACKER);
    assertThat(dir.resolve("test-1.height")).doesNotExist();
    assertThat(store.load("test-1").cursor()).hasValue(1240);
  }

  @Test
  void aCorruptCursorOfTheOlderFormatGivesAFreshStart() throws Exception {
    Files.writeString(dir.resolve("test-1.height"), "not a number");
    StateStore store = StateStore.inDirectory(dir);
    StateStore.Saved saved = store.load("test-1");
    assertThat(saved.cursor()).isEmpty();
    assertThat(saved.problem()).contains("test-1.height", "corrupt", "starting afresh");
    assertThat(store.load("test-1")).isEqualTo(StateStore.Saved.NOTHING);
  }

  @Test
  void aSaveThatCannotBeWrittenThrowsNamingTheFile() throws Exception {
    StateStore store = StateStore.inDirectory(dir);
    Files.createDirectories(dir.resolve("test-1.state.tmp"));
    Files.writeString(dir.resolve("test-1.state.tmp").resolve("blocker"), "x");
    assertThatThrownBy(() -> store.save("test-1", 5, () -> TRACKER))
        .isInstanceOf(UncheckedIOException.class)
        .hasMessageContaining("test-1.state");
  }

  @Test
  void inMemoryStoreRemembersTheCursorWithinTheProcess() {
    StateStore store = StateStore.inMemory();
    store.save("a", 3, () -> {
      throw new AssertionError("the in-memory store keeps no tracker state");
    });
    assertThat(store.load("a").cursor()).hasValue(3);
    assertThat(store.load("b").cursor()).isEmpty();
  }
}
