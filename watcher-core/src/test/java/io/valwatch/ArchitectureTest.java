package io.valwatch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import java.net.URISyntaxException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The layering of watcher-core, checked on its compiled classes: packages form no cycle, the value model
 * depends on nothing above it, and only the façade reaches into the internals.
 */
class ArchitectureTest {
  /** watcher-core's main classes, from where {@link Watcher} was loaded (its classes folder or jar). */
  private static final JavaClasses CORE = importCodeSourceOf(Watcher.class);

  /** Every package is its own slice, the root package included. */
  private static final SliceAssignment BY_PACKAGE =
      new SliceAssignment() {
        @Override
        public SliceIdentifier getIdentifierOf(JavaClass javaClass) {
          String pkg = javaClass.getPackageName();
          return pkg.equals("io.valwatch") || pkg.startsWith("io.valwatch.")
              ? SliceIdentifier.of(pkg)
              : SliceIdentifier.ignore();
        }

        @Override
        public String getDescription() {
          return "each io.valwatch package";
        }
      };

  @Test
  void importsTheWholeCore() {
    assertThat(CORE.contain(Watcher.class)).isTrue();
    assertThat(CORE.contain(io.valwatch.model.ChainStatus.class)).isTrue();
    assertThat(CORE.contain(io.valwatch.internal.ChainRunner.class)).isTrue();
  }

  @Test
  void packagesFormNoCycle() {
    slices().assignedFrom(BY_PACKAGE).should().beFreeOfCycles().check(CORE);
  }

  @Test
  void modelDependsOnNoFacadeSpiEventOrInternals() {
    classes()
        .that()
        .resideInAPackage("io.valwatch.model")
        .should()
        .onlyDependOnClassesThat()
        .resideInAnyPackage(
            "io.valwatch.model",
            "io.valwatch.alert",
            "io.valwatch.risk",
            "io.valwatch.rpc",
            "io.valwatch.tracker",
            "io.valwatch.identity",
            "java..")
        .check(CORE);
  }

  @Test
  void onlyTheFacadeReachesIntoTheInternals() {
    noClasses()
        .that()
        .resideOutsideOfPackages("io.valwatch", "io.valwatch.internal..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("io.valwatch.internal..")
        .check(CORE);
  }

  static JavaClasses importCodeSourceOf(Class<?> type) {
    try {
      return new ClassFileImporter()
          .importPath(Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()));
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}
