package io.valwatch.distribution;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The repository's Dockerfile as a list of instructions, continuation lines joined and comments dropped. */
record Dockerfile(List<Instruction> instructions) {
  record Instruction(String keyword, String arguments) {}

  static Dockerfile read() {
    Path file = Path.of(System.getProperty("valwatch.root"), "Dockerfile");
    try {
      List<Instruction> instructions = new ArrayList<>();
      StringBuilder current = new StringBuilder();
      for (String line : Files.readAllLines(file)) {
        if (line.isBlank() || line.stripLeading().startsWith("#")) {
          continue;
        }
        if (line.endsWith("\\")) {
          current.append(line, 0, line.length() - 1).append(' ');
          continue;
        }
        current.append(line);
        String text = current.toString().strip();
        int space = text.indexOf(' ');
        instructions.add(
            new Instruction(text.substring(0, space).toUpperCase(Locale.ROOT), text.substring(space + 1).strip()));
        current.setLength(0);
      }
      return new Dockerfile(List.copyOf(instructions));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  List<String> all(String keyword) {
    return instructions.stream().filter(i -> i.keyword().equals(keyword)).map(Instruction::arguments).toList();
  }

  /** The arguments of the one instruction {@code keyword}; fails when there is not exactly one. */
  String arguments(String keyword) {
    List<String> found = all(keyword);
    if (found.size() != 1) {
      throw new AssertionError("expected one " + keyword + " in the Dockerfile, found " + found);
    }
    return found.get(0);
  }
}
