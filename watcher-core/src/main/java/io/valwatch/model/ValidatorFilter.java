package io.valwatch.model;

import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Selects validators in network mode ({@link NetworkMode}), by moniker or by rank.
 */
public sealed interface ValidatorFilter {

  /**
   * Whether a validator matches.
   *
   * @param moniker its moniker, empty when unknown
   * @param rank its rank among bonded validators by stake (1 is the largest); {@code null} when not bonded
   */
  boolean matches(String moniker, Integer rank);

  /** Validators whose moniker matches a glob: {@code *} any run of characters, {@code ?} one; case ignored. */
  static ValidatorFilter moniker(String glob) {
    return new Moniker(glob);
  }

  /** Validators ranked {@code first} to {@code last} (inclusive) among bonded validators by stake. */
  static ValidatorFilter ranks(int first, int last) {
    return new Ranks(first, last);
  }

  /** A moniker glob; see {@link ValidatorFilter#moniker(String)}. */
  record Moniker(String glob) implements ValidatorFilter {
    public Moniker {
      Objects.requireNonNull(glob, "glob");
      if (glob.isBlank()) {
        throw new IllegalArgumentException("moniker pattern is empty");
      }
    }

    @Override
    public boolean matches(String moniker, Integer rank) {
      return moniker != null && regex().matcher(moniker).matches();
    }

    private Pattern regex() {
      StringBuilder regex = new StringBuilder();
      for (String part : glob.split("(?=[*?])|(?<=[*?])")) {
        switch (part) {
          case "*" -> regex.append(".*");
          case "?" -> regex.append('.');
          default -> regex.append(Pattern.quote(part));
        }
      }
      return Pattern.compile(regex.toString(), Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE | Pattern.DOTALL);
    }

    @Override
    public String toString() {
      return "moniker " + glob;
    }
  }

  /** A rank range; see {@link ValidatorFilter#ranks(int, int)}. */
  record Ranks(int first, int last) implements ValidatorFilter {
    public Ranks {
      if (first < 1 || last < first) {
        throw new IllegalArgumentException(
            "rank range must be FIRST-LAST with 1 <= FIRST <= LAST, got " + first + "-" + last);
      }
    }

    @Override
    public boolean matches(String moniker, Integer rank) {
      return rank != null && rank >= first && rank <= last;
    }

    @Override
    public String toString() {
      return String.format(Locale.ROOT, "ranks %d-%d", first, last);
    }
  }
}
