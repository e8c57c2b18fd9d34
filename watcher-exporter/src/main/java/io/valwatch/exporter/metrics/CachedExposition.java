package io.valwatch.exporter.metrics;

import io.prometheus.metrics.config.EscapingScheme;
import io.prometheus.metrics.expositionformats.ExpositionFormatWriter;
import io.prometheus.metrics.expositionformats.OpenMetricsTextFormatWriter;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.valwatch.model.ChainStatus;
import io.valwatch.model.ValidatorStatus;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.ref.WeakReference;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.Inflater;

/**
 * Writes a registry's exposition in one of the text formats with the validators' families of a
 * {@link WatcherCollector} (nearly all of the samples) rendered once per change of a chain's validators
 * rather than at every scrape. The other families (chains, endpoints, the JVM, other collectors) are written
 * at every scrape, and all are put in the order the registry would write them, so the result is the
 * registry's own exposition byte for byte.
 *
 * <p>Each chain's part of the validators' families is kept as text, deflated in one stream, family after family
 * in the order they are written: a validator's label set repeats in every family, so the stream takes about
 * a tenth of the text (a chain of 200 tracked validators writes 700 KB of it). A scrape inflates each chain's
 * stream family by family into the answer.
 *
 * <p>Relies on the text writers writing a family's lines from that family alone (an exposition of several
 * families is the concatenation of each family's, plus the OpenMetrics {@code # EOF} line once at the end),
 * on a family's header being its leading {@code #} lines, and on the registry putting the samples of a
 * merged family in the order of their labels, which for the validators' families begin with {@code
 * chain_id}: one chain's samples after another's, in the order of their ids.
 */
public final class CachedExposition {
  private static final byte[] EOF = "# EOF\n".getBytes(StandardCharsets.US_ASCII);

  private final PrometheusRegistry registry;
  private final WatcherCollector watcher;
  /** Each chain's validators' families as last rendered, by chain id. */
  private Map<String, ChainText> chains = Map.of();
  private long chainsRendered;

  /**
   * @param registry every metric served, {@code watcher} included
   * @param watcher the collector whose validators' families are cached; registered in {@code registry}
   */
  public CachedExposition(PrometheusRegistry registry, WatcherCollector watcher) {
    this.registry = Objects.requireNonNull(registry, "registry");
    this.watcher = Objects.requireNonNull(watcher, "watcher");
  }

  /** Whether {@link #write} can write in the format of {@code writer}: the two text formats. */
  public static boolean supports(ExpositionFormatWriter writer) {
    return writer instanceof PrometheusTextFormatWriter || writer instanceof OpenMetricsTextFormatWriter;
  }

  /**
   * The whole exposition in {@code writer}'s format, as {@code writer.write(out, registry.scrape(), escaping)}
   * would write it.
   *
   * @throws IllegalArgumentException when {@code writer} is not {@linkplain #supports supported}
   */
  public synchronized byte[] write(ExpositionFormatWriter writer, EscapingScheme escaping) throws IOException {
    if (!supports(writer)) {
      throw new IllegalArgumentException("not a text format: " + writer.getContentType());
    }
    List<ChainStatus> statuses = new ArrayList<>(watcher.chains());
    statuses.sort(Comparator.comparing(ChainStatus::chainId));
    Map<String, ChainText> current = new HashMap<>();
    // Each validators' family: its header, then every chain's lines, in the order of the chains' ids.
    Map<String, List<Part>> families = new TreeMap<>();
    for (ChainStatus chain : statuses) {
      ChainText text = chains.get(chain.chainId());
      if (text == null || !text.renders(chain.validators(), writer, escaping)) {
        text = render(chain, writer, escaping);
        chainsRendered++;
      }
      current.put(chain.chainId(), text);
      for (Map.Entry<String, Family> family : text.families().entrySet()) {
        families.computeIfAbsent(family.getKey(), n -> new ArrayList<>()).add(new Part(text, family.getValue()));
      }
    }
    chains = current;
    MetricSnapshots others = registry.scrape(name -> !WatcherCollector.isValidatorFamily(name));

    Answer answer = new Answer();
    List<MetricSnapshot> rest = others.stream().toList();
    List<Map.Entry<String, List<Part>>> cached = new ArrayList<>(families.entrySet());
    int i = 0;
    int j = 0;
    while (i < rest.size() || j < cached.size()) {
      if (j == cached.size() || (i < rest.size() && name(rest.get(i)).compareTo(cached.get(j).getKey()) < 0)) {
        answer.add(family(writer, rest.get(i++), escaping));
      } else {
        List<Part> parts = cached.get(j++).getValue();
        answer.add(parts.get(0).family().header());
        parts.forEach(answer::add);
      }
    }
    if (writer instanceof OpenMetricsTextFormatWriter) {
      answer.add(EOF);
    }
    return answer.bytes();
  }

  /** How many times a chain's validators' families were rendered since this was made. */
  synchronized long chainsRendered() {
    return chainsRendered;
  }

  private static ChainText render(ChainStatus chain, ExpositionFormatWriter writer, EscapingScheme escaping)
      throws IOException {
    // In the order of their names, the order a scrape writes them in.
    Map<String, Family> families = new TreeMap<>();
    ByteArrayOutputStream deflated = new ByteArrayOutputStream();
    Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
    try (DeflaterOutputStream out = new DeflaterOutputStream(deflated, deflater, 8192)) {
      Map<String, byte[]> texts = new TreeMap<>();
      for (MetricSnapshot s : WatcherCollector.validatorSnapshots(chain)) {
        texts.put(name(s), family(writer, s, escaping));
      }
      for (Map.Entry<String, byte[]> text : texts.entrySet()) {
        byte[] bytes = text.getValue();
        int header = headerLength(bytes);
        families.put(text.getKey(), new Family(Arrays.copyOf(bytes, header), bytes.length - header));
        out.write(bytes, header, bytes.length - header);
      }
    } finally {
      deflater.end();
    }
    return new ChainText(
        new WeakReference<>(chain.validators()), writer, escaping, Collections.unmodifiableMap(families),
        deflated.toByteArray());
  }

  /** The length of a family's header: its leading comment lines ({@code # HELP}, {@code # TYPE}, {@code # UNIT}). */
  private static int headerLength(byte[] text) {
    int at = 0;
    while (at < text.length && text[at] == '#') {
      while (text[at] != '\n') {
        at++;
      }
      at++;
    }
    return at;
  }

  /** One family's lines as {@code writer} writes them, without the OpenMetrics end line. */
  private static byte[] family(ExpositionFormatWriter writer, MetricSnapshot snapshot, EscapingScheme escaping)
      throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    writer.write(out, new MetricSnapshots(snapshot), escaping);
    byte[] text = out.toByteArray();
    if (writer instanceof OpenMetricsTextFormatWriter) {
      if (!endsWithEof(text)) {
        throw new IllegalStateException("OpenMetrics text without its end line");
      }
      return Arrays.copyOf(text, text.length - EOF.length);
    }
    return text;
  }

  private static boolean endsWithEof(byte[] text) {
    return text.length >= EOF.length
        && Arrays.equals(text, text.length - EOF.length, text.length, EOF, 0, EOF.length);
  }

  private static String name(MetricSnapshot snapshot) {
    return snapshot.getMetadata().getPrometheusName();
  }

  /**
   * One chain's validators' families as rendered from one list of validators, which is only referred to
   * weakly (a chain's status holds a new list whenever its validators changed, and the old one need not be
   * kept alive for the comparison).
   *
   * @param families each family's header and the length of its lines, in the order of their names
   * @param deflated every family's lines, in that order, as one raw deflate stream
   */
  private record ChainText(
      WeakReference<List<ValidatorStatus>> validators,
      ExpositionFormatWriter writer,
      EscapingScheme escaping,
      Map<String, Family> families,
      byte[] deflated) {
    boolean renders(List<ValidatorStatus> now, ExpositionFormatWriter w, EscapingScheme e) {
      return validators.get() == now && writer == w && escaping == e;
    }
  }

  /** A family's header, the same for every chain, and the length of one chain's lines of it. */
  private record Family(byte[] header, int length) {}

  /** One chain's lines of one family. */
  private record Part(ChainText chain, Family family) {}

  /** The answer's parts, put together once their size is known. */
  private static final class Answer {
    private final List<Object> parts = new ArrayList<>();
    private long size;

    void add(byte[] bytes) {
      parts.add(bytes);
      size += bytes.length;
    }

    void add(Part part) {
      parts.add(part);
      size += part.family().length();
    }

    /** Each chain's stream is inflated once, family after family, as its parts come in the answer. */
    byte[] bytes() throws IOException {
      if (size > Integer.MAX_VALUE - 16) {
        throw new IOException("exposition of " + size + " bytes is too large");
      }
      byte[] out = new byte[(int) size];
      int at = 0;
      Map<ChainText, Inflater> inflaters = new IdentityHashMap<>();
      try {
        for (Object part : parts) {
          if (part instanceof byte[] bytes) {
            System.arraycopy(bytes, 0, out, at, bytes.length);
            at += bytes.length;
          } else {
            Part lines = (Part) part;
            Inflater inflater = inflaters.computeIfAbsent(lines.chain(), c -> {
              Inflater i = new Inflater(true);
              i.setInput(c.deflated());
              return i;
            });
            int end = at + lines.family().length();
            while (at < end) {
              int n = inflater.inflate(out, at, end - at);
              if (n == 0) {
                throw new IOException("cached exposition text ends early");
              }
              at += n;
            }
          }
        }
      } catch (DataFormatException e) {
        throw new IOException("cached exposition text is corrupt", e);
      } finally {
        inflaters.values().forEach(Inflater::end);
      }
      return out;
    }
  }
}
