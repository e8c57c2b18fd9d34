package io.valwatch.exporter;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The package rules across every module the exporter ships (watcher-core, the protos, the chain plugins, the
 * simulator and the exporter itself), checked on their main classes: no package cycle anywhere, and nothing
 * outside watcher-core reaches into its internals.
 */
class ModuleBoundariesTest {
  private static final JavaClasses SHIPPED =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("io.valwatch");

  @Test
  void importsEveryShippedModule() {
    assertThat(SHIPPED.containPackage("io.valwatch.internal")).isTrue();
    assertThat(SHIPPED.containPackage("io.valwatch.plugins.cosmos")).isTrue();
    assertThat(SHIPPED.containPackage("io.valwatch.plugins.initia")).isTrue();
    assertThat(SHIPPED.containPackage("io.valwatch.plugins.minter")).isTrue();
    assertThat(SHIPPED.containPackage("io.valwatch.simnet")).isTrue();
    assertThat(SHIPPED.containPackage("io.valwatch.exporter")).isTrue();
    assertThat(SHIPPED.contain(ModuleBoundariesTest.class)).isFalse();
  }

  @Test
  void noPackageCycle() {
    slices().matching("io.valwatch.(**)").should().beFreeOfCycles().check(SHIPPED);
  }

  @Test
  void onlyWatcherCoreReachesIntoItsInternals() {
    noClasses()
        .that()
        .resideOutsideOfPackages("io.valwatch", "io.valwatch.internal..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("io.valwatch.internal..")
        .check(SHIPPED);
  }
}
