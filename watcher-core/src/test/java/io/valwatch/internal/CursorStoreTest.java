package io.valwatch.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CursorStoreTest {
  @TempDir Path dir;

  @Test
  void savedHeightSurvivesANewStore() {
    CursorStore first = CursorStore.inDirectory(dir.resolve("state"));
    assertThat(first.load("cosmoshub-4")).isEmpty();
    first.save("cosmoshub-4", 21_955_288);
    first.save("cosmoshub-4", 21_955_289);
    first.save("osmosis-1", 7);

    CursorStore second = CursorStore.inDirectory(dir.resolve("state"));
    assertThat(second.load("cosmoshub-4")).hasValue(21_955_289);
    assertThat(second.load("osmosis-1")).hasValue(7);
  }

  @Test
  void leavesNoTemporaryFileBehind() throws Exception {
    CursorStore store = CursorStore.inDirectory(dir);
    store.save("chain/with:odd*chars", 5);
    try (var files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactly("chain_with_odd_chars.height");
    }
    assertThat(store.load("chain/with:odd*chars")).hasValue(5);
  }

  @Test
  void aCorruptCursorNamesTheFile() throws Exception {
    Files.writeString(dir.resolve("test-1.height"), "not a number");
    CursorStore store = CursorStore.inDirectory(dir);
    assertThatThrownBy(() -> store.load("test-1"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("test-1.height")
        .hasMessageContaining("corrupt");
  }

  @Test
  void inMemoryStoreRemembersWithinTheProcess() {
    CursorStore store = CursorStore.inMemory();
    store.save("a", 3);
    assertThat(store.load("a")).hasValue(3);
    assertThat(store.load("b")).isEmpty();
  }
}
