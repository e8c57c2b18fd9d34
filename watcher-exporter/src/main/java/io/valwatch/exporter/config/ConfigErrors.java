package io.valwatch.exporter.config;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Collects the problems of one configuration file so that all of them are reported at once. Each key is
 * read in its own {@link #read} or {@link #check}: a value that cannot be read records its problem and
 * yields nothing, so later checks that depend on it are skipped instead of failing again.
 */
final class ConfigErrors {
  private final List<ConfigProblem> problems = new ArrayList<>();

  /** Reads one value; empty (with its problems recorded) when it is not valid. */
  <T> Optional<T> read(Supplier<T> reader) {
    try {
      return Optional.ofNullable(reader.get());
    } catch (ConfigException e) {
      problems.addAll(e.problems());
      return Optional.empty();
    }
  }

  /** Runs one check; its problems are recorded. */
  void check(Runnable check) {
    try {
      check.run();
    } catch (ConfigException e) {
      problems.addAll(e.problems());
    }
  }

  void add(ConfigException problem) {
    problems.addAll(problem.problems());
  }

  /** How many problems are recorded so far; compare before and after a section to see whether it failed. */
  int count() {
    return problems.size();
  }

  /** Throws every recorded problem, ordered by line, when there is any. */
  void throwIfAny() {
    if (!problems.isEmpty()) {
      throw new ConfigException(problems.stream().sorted(Comparator.comparingInt(ConfigProblem::line)).toList());
    }
  }
}
