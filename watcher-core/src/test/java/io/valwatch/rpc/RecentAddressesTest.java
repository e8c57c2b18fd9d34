package io.valwatch.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class RecentAddressesTest {
  private final RecentAddresses addresses = new RecentAddresses();

  /** Reads a JSON array of strings as a commit's addresses, by index. */
  private List<String> read(String json) throws IOException {
    List<String> read = new ArrayList<>();
    try (JsonParser p = new JsonFactory().createParser(json)) {
      p.nextToken();
      while (p.nextToken() == JsonToken.VALUE_STRING) {
        read.add(addresses.read(p, read.size()));
      }
    }
    return read;
  }

  private static String array(List<String> values) {
    return "[\"" + String.join("\",\"", values) + "\"]";
  }

  private static List<String> hexAddresses(int count, int from) {
    List<String> values = new ArrayList<>();
    for (int i = from; i < from + count; i++) {
      values.add(String.format(Locale.ROOT, "%040X", i));
    }
    return values;
  }

  @Test
  void theSameAddressAtTheSameIndexIsTheSameString() throws IOException {
    List<String> first = read(array(hexAddresses(200, 0)));
    List<String> second = read(array(hexAddresses(200, 0)));

    assertThat(second).isEqualTo(hexAddresses(200, 0));
    for (int i = 0; i < 200; i++) {
      assertThat(second.get(i)).isSameAs(first.get(i));
    }
  }

  @Test
  void aChangedSetReadsItsOwnAddresses() throws IOException {
    read("[\"AA\",\"BB\",\"CC\"]");

    assertThat(read("[\"BB\",\"AA\",\"\",\"CC\",\"DD\"]")).containsExactly("BB", "AA", "", "CC", "DD");
    assertThat(read("[\"BB\",\"AB\",\"A\"]")).containsExactly("BB", "AB", "A");
  }

  @Test
  void threadsReadingOtherSetsAtTheSameIndexesEachGetTheirOwnAddresses() throws Exception {
    String[] sets = {array(hexAddresses(150, 0)), array(hexAddresses(150, 1_000))};
    List<List<String>> expected = List.of(hexAddresses(150, 0), hexAddresses(150, 1_000));
    ExecutorService threads = Executors.newFixedThreadPool(2);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < 2; t++) {
        int set = t;
        done.add(
            threads.submit(
                () -> {
                  for (int i = 0; i < 2_000; i++) {
                    assertThat(read(sets[set])).isEqualTo(expected.get(set));
                  }
                  return null;
                }));
      }
      for (Future<?> f : done) {
        f.get(60, TimeUnit.SECONDS);
      }
    } finally {
      threads.shutdownNow();
    }
  }

  @Test
  void escapedTextIsReadAsItsCharacters() throws IOException {
    read("[\"A\\u0042\"]");

    assertThat(read("[\"AB\",\"\\u00e9\"]")).containsExactly("AB", "\u00e9");
  }
}
