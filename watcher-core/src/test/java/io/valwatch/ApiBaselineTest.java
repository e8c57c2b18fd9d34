package io.valwatch;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.Field;
import java.lang.reflect.Member;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * watcher-core's public API, compared with the baseline recorded in {@code api/watcher-core.api}: every
 * public or protected type, constructor, method and field of the packages outside {@code
 * io.valwatch.internal}. A change to the API fails the build until the baseline is updated in the same
 * commit (run this test with {@code -Dvalwatch.api.update=true}), so that it shows in review, and a removed
 * or changed line (an incompatible change) is listed under "Contract changes" in the changelog.
 */
class ApiBaselineTest {
  private static final Path BASELINE = Path.of("api", "watcher-core.api");

  @Test
  void publicApiMatchesTheRecordedBaseline() throws IOException {
    List<String> current = publicApi();
    if (Boolean.getBoolean("valwatch.api.update")) {
      Files.createDirectories(BASELINE.getParent());
      Files.write(BASELINE, current, StandardCharsets.UTF_8);
    }
    List<String> recorded = Files.readAllLines(BASELINE, StandardCharsets.UTF_8);
    Set<String> removed = new LinkedHashSet<>(recorded);
    removed.removeAll(current);
    Set<String> added = new LinkedHashSet<>(current);
    added.removeAll(recorded);
    assertThat(current)
        .as(
            "watcher-core's public API differs from %s.%nRemoved or changed (incompatible):%n  %s%nAdded:%n  %s%n"
                + "If this is meant, run this test with -Dvalwatch.api.update=true, commit the baseline and "
                + "list incompatible changes under \"Contract changes\" in CHANGELOG.md.",
            BASELINE, String.join("\n  ", removed), String.join("\n  ", added))
        .isEqualTo(recorded);
  }

  @Test
  void publicApiNamesNoInternalType() {
    assertThat(publicApi()).noneMatch(line -> line.contains("io.valwatch.internal"));
  }

  @Test
  void baselineListsTheFacadeAndTheModel() throws IOException {
    assertThat(Files.readAllLines(BASELINE, StandardCharsets.UTF_8))
        .anyMatch(line -> line.startsWith("public final class io.valwatch.Watcher "))
        .anyMatch(line -> line.contains(" io.valwatch.model.ChainStatus"));
  }

  /** One line per type, then one indented line per member, types and members in name order. */
  static List<String> publicApi() {
    List<String> lines = new ArrayList<>();
    ArchitectureTest.importCodeSourceOf(Watcher.class).stream()
        .filter(c -> !c.getPackageName().startsWith("io.valwatch.internal"))
        .map(JavaClass::reflect)
        .filter(ApiBaselineTest::visible)
        .sorted((a, b) -> a.getName().compareTo(b.getName()))
        .forEach(
            type -> {
              lines.add(describe(type));
              Set<String> members = new TreeSet<>();
              for (Constructor<?> c : type.getDeclaredConstructors()) {
                if (visible(type, c) && !c.isSynthetic()) {
                  members.add(signature(c, "<init>"));
                }
              }
              for (Method m : type.getDeclaredMethods()) {
                if (visible(type, m) && !m.isSynthetic() && !m.isBridge()) {
                  members.add(
                      signature(m, m.getGenericReturnType().getTypeName() + " " + m.getName()));
                }
              }
              for (Field f : type.getDeclaredFields()) {
                if (visible(type, f) && !f.isSynthetic()) {
                  members.add(
                      modifiers(f.getModifiers()) + f.getGenericType().getTypeName() + " " + f.getName());
                }
              }
              members.forEach(m -> lines.add("  " + m));
            });
    return lines;
  }

  private static boolean visible(Class<?> type) {
    for (Class<?> c = type; c != null; c = c.getEnclosingClass()) {
      if (!Modifier.isPublic(c.getModifiers()) || c.isAnonymousClass() || c.isLocalClass()) {
        return false;
      }
    }
    return true;
  }

  private static boolean visible(Class<?> type, Member member) {
    int m = member.getModifiers();
    return Modifier.isPublic(m) || (Modifier.isProtected(m) && !Modifier.isFinal(type.getModifiers()));
  }

  private static String describe(Class<?> type) {
    String kind =
        type.isAnnotation()
            ? "@interface"
            : type.isInterface() ? "interface" : type.isEnum() ? "enum" : type.isRecord() ? "record" : "class";
    int mods = type.getModifiers() & ~Modifier.INTERFACE & ~(type.isInterface() ? Modifier.ABSTRACT : 0);
    if (type.isEnum() || type.isRecord()) {
      mods &= ~(Modifier.FINAL | Modifier.STATIC);
    }
    StringBuilder line = new StringBuilder(modifiers(mods)).append(kind).append(' ').append(type.getName());
    if (type.getTypeParameters().length > 0) {
      line.append(Arrays.stream(type.getTypeParameters()).map(Type::getTypeName).collect(joining("<", ">")));
    }
    Type superclass = type.getGenericSuperclass();
    if (superclass != null && superclass != Object.class && !type.isEnum() && !type.isRecord()) {
      line.append(" extends ").append(superclass.getTypeName());
    }
    if (type.getGenericInterfaces().length > 0) {
      line.append(type.isInterface() ? " extends " : " implements ")
          .append(Arrays.stream(type.getGenericInterfaces()).map(Type::getTypeName).collect(joining("", "")));
    }
    return line.toString();
  }

  private static String signature(Executable e, String head) {
    String params =
        Arrays.stream(e.getGenericParameterTypes()).map(Type::getTypeName).collect(Collectors.joining(", "));
    String line = modifiers(e.getModifiers() & ~Modifier.TRANSIENT & ~Modifier.VOLATILE) + typeParameters(e)
        + head + "(" + params + ")";
    if (e.isVarArgs()) {
      line = line.replaceFirst("\\[\\]\\)$", "...)");
    }
    if (e.getGenericExceptionTypes().length > 0) {
      line +=
          " throws "
              + Arrays.stream(e.getGenericExceptionTypes()).map(Type::getTypeName).collect(Collectors.joining(", "));
    }
    return line;
  }

  private static String typeParameters(Executable e) {
    return e.getTypeParameters().length == 0
        ? ""
        : Arrays.stream(e.getTypeParameters())
                .map(
                    t ->
                        t.getBounds().length == 1 && t.getBounds()[0] == Object.class
                            ? t.getName()
                            : t.getName()
                                + " extends "
                                + Arrays.stream(t.getBounds()).map(Type::getTypeName).collect(Collectors.joining(" & ")))
                .collect(joining("<", ">"))
            + " ";
  }

  private static java.util.stream.Collector<CharSequence, ?, String> joining(String prefix, String suffix) {
    return Collectors.joining(", ", prefix, suffix);
  }

  private static String modifiers(int modifiers) {
    String text = Modifier.toString(modifiers & ~Modifier.SYNCHRONIZED & ~Modifier.NATIVE & ~Modifier.STRICT);
    return text.isEmpty() ? "" : text + " ";
  }
}
