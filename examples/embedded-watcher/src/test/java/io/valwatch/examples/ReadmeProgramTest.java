package io.valwatch.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's library section shows a complete program: it must compile exactly as written against the
 * artifacts the README tells users to depend on, with nothing but the public API.
 */
class ReadmeProgramTest {
  private static final Path README = Path.of("..", "..", "README.md");
  private static final Pattern JAVA_BLOCK = Pattern.compile("(?s)```java\\n(.*?)```");
  private static final Pattern CLASS_NAME = Pattern.compile("public final class (\\w+)");

  @TempDir Path dir;

  @Test
  void theLibraryProgramCompilesAsWritten() throws Exception {
    String readme = Files.readString(README);
    String section = readme.substring(readme.indexOf("## As a library"));
    Matcher block = JAVA_BLOCK.matcher(section);
    assertThat(block.find()).as("a java block in README.md's library section").isTrue();
    String program = block.group(1);
    assertThat(program).contains("public static void main(String[] args)").doesNotContain(".internal.");
    Matcher name = CLASS_NAME.matcher(program);
    assertThat(name.find()).isTrue();

    Path source = Files.writeString(dir.resolve(name.group(1) + ".java"), program);
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    StringWriter diagnostics = new StringWriter();
    boolean compiled =
        javac
            .getTask(
                diagnostics,
                null,
                null,
                List.of("-Xlint:all", "-Werror", "--release", "17", "-classpath", classPath(), "-d", dir.toString()),
                null,
                javac.getStandardFileManager(null, null, null).getJavaFileObjects(source))
            .call();

    assertThat(compiled).as("javac says:%n%s", diagnostics).isTrue();
    assertThat(dir.resolve(name.group(1) + ".class")).exists();
  }

  /** The test class path (surefire may hide it behind a manifest-only jar), which holds watcher-core. */
  private static String classPath() {
    String path = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    assertThat(path.split(File.pathSeparator)).anyMatch(entry -> entry.contains("watcher-core"));
    return path;
  }
}
