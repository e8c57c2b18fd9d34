package io.valwatch.action;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.valwatch.alert.Severity;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ActionFileTest {
  @TempDir Path dir;

  @Test
  void everyFieldSurvivesANewStore() {
    Instant at = Instant.parse("2026-05-01T03:00:00Z");
    Occurrence waiting = new Occurrence(
        "cosmoshub-4/cosmosvaloper1abc/jailed@2026-05-01T02:58:00Z", "cosmoshub-4", "cosmosvaloper1abc", "jailed",
        Severity.WARNING, "Alpha is jailed", "Jailed at height 100.\n\"quoted\"", at.minusSeconds(120),
        Map.of("moniker", "Alpha", "label", "main"));
    ActionState state = new ActionState(
        false, Optional.of(at), Optional.of(at),
        Optional.of(new ActionState.Attempt(at, "e2", Outcome.TIMED_OUT, "after 30s")),
        List.of("e1", "e2"), true, List.of(new ActionState.Awaiting(waiting, Outcome.CONTRADICTED)));
    ActionStore.inDirectory(dir).save("fence", state);
    ActionStore.inDirectory(dir).save("page", ActionState.INITIAL);

    assertThat(ActionStore.inDirectory(dir).load()).containsEntry("fence", state).containsEntry("page", ActionState.INITIAL);
    assertThat(dir.resolve("actions.json.tmp")).doesNotExist();
  }

  @Test
  void onlyTheNewestEpisodesAreKept() {
    List<String> many = java.util.stream.IntStream.range(0, 100).mapToObj(i -> "e" + i).toList();
    ActionState s = new ActionState(true, Optional.empty(), Optional.empty(), Optional.empty(), many, false);
    assertThat(s.episodes()).hasSize(ActionState.EPISODES_KEPT).startsWith("e36").endsWith("e99");
  }

  @Test
  void anUnreadableFileStopsRatherThanRearming() throws Exception {
    Files.writeString(dir.resolve("actions.json"), "{\"version\": 1, \"actions\": {\"fence\": {\"armed\": ");
    assertThatThrownBy(() -> ActionStore.inDirectory(dir).load())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("actions.json")
        .hasMessageContaining("removing it re-arms every action");
  }

  @Test
  void rearmRequestsAreFilesNamedAfterTheAction() throws Exception {
    ActionStore store = ActionStore.inDirectory(dir);
    store.requestRearm("fence");
    Files.writeString(dir.resolve("actions.rearm").resolve("page"), "by hand");
    Files.writeString(dir.resolve("actions.rearm").resolve(".hidden"), "");

    assertThat(store.rearmRequests()).containsExactly("fence", "page");
    assertThat(store.takeRearmRequests()).containsExactly("fence", "page");
    assertThat(store.rearmRequests()).isEmpty();
    assertThatThrownBy(() -> store.requestRearm("../x")).isInstanceOf(IllegalArgumentException.class);
  }
}
