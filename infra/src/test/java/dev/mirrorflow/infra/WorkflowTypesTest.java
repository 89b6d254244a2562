package dev.mirrorflow.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awscdk.services.stepfunctions.StateMachineType;

class WorkflowTypesTest {
  @TempDir Path dir;

  @Test
  void load_whenRepositoryFile_scanAndRouterAreExpressAndTheRestStandard() {
    WorkflowTypes types = WorkflowTypes.load(TestStacks.repositoryRoot().resolve("state-machines"));

    assertThat(types.of("scan-vpc")).isEqualTo(StateMachineType.EXPRESS);
    assertThat(types.of("event-router")).isEqualTo(StateMachineType.EXPRESS);
    assertThat(types.of("reconcile-vpc")).isEqualTo(StateMachineType.STANDARD);
    assertThat(types.of("add-vpc")).isEqualTo(StateMachineType.STANDARD);
  }

  @Test
  void load_whenNoFile_everyWorkflowIsStandard() {
    assertThat(WorkflowTypes.load(dir).of("scan-vpc")).isEqualTo(StateMachineType.STANDARD);
  }

  @Test
  void load_whenTypeUnknown_failsNamingTheFile() throws IOException {
    Files.writeString(dir.resolve(WorkflowTypes.FILE), "{\"scan-vpc\": \"FAST\"}");

    assertThatThrownBy(() -> WorkflowTypes.load(dir))
        .isInstanceOf(InvalidSettingsException.class)
        .hasMessageContaining(WorkflowTypes.FILE)
        .hasMessageContaining("EXPRESS or STANDARD");
  }
}
