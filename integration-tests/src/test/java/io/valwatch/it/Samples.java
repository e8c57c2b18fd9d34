package io.valwatch.it;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The samples of one Prometheus text exposition. */
record Samples(List<Sample> samples) {
  private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{(.*)})? (\\S+)$");
  private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

  record Sample(String name, Map<String, String> labels, double value) {}

  static Samples parse(String exposition) {
    List<Sample> samples = new ArrayList<>();
    for (String line : exposition.split("\n")) {
      Matcher m = SAMPLE.matcher(line);
      if (line.startsWith("#") || !m.matches()) {
        continue;
      }
      Map<String, String> labels = new HashMap<>();
      if (m.group(2) != null) {
        Matcher label = LABEL.matcher(m.group(2));
        while (label.find()) {
          labels.put(label.group(1), label.group(2));
        }
      }
      samples.add(new Sample(m.group(1), Map.copyOf(labels), Double.parseDouble(m.group(3))));
    }
    return new Samples(List.copyOf(samples));
  }

  /**
   * The value of the one sample named {@code name} whose labels include {@code labelPairs} (name, value,
   * name, value…), or {@code null} when there is none.
   */
  Double value(String name, String... labelPairs) {
    Double found = null;
    for (Sample s : samples) {
      if (s.name().equals(name) && hasLabels(s, labelPairs)) {
        if (found != null) {
          throw new AssertionError("more than one sample of " + name + " with " + String.join(",", labelPairs));
        }
        found = s.value();
      }
    }
    return found;
  }

  /** The sum of the samples named {@code name} whose labels include {@code labelPairs}. */
  double sum(String name, String... labelPairs) {
    return samples.stream().filter(s -> s.name().equals(name) && hasLabels(s, labelPairs)).mapToDouble(Sample::value).sum();
  }

  private static boolean hasLabels(Sample s, String... labelPairs) {
    for (int i = 0; i + 1 < labelPairs.length; i += 2) {
      if (!labelPairs[i + 1].equals(s.labels().get(labelPairs[i]))) {
        return false;
      }
    }
    return true;
  }
}
