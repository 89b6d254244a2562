package dev.mirrorflow.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StateChangePatternTest {
  @TempDir Path dir;

  @Test
  void load_whenRepositoryFile_namesEc2AndEcsStateChanges() {
    StateChangePattern pattern = StateChangePattern.load(TestStacks.repositoryRoot().resolve("state-machines"));

    assertThat(pattern.sources()).containsExactly("aws.ec2", "aws.ecs");
    assertThat(pattern.detailTypes())
        .containsExactly("EC2 Instance State-change Notification", "ECS Task State Change", "AWS API Call via CloudTrail");
    assertThat(pattern.pattern()).containsOnlyKeys("$or");
  }

  @Test
  void load_whenOneBranch_keepsItWhole() throws IOException {
    Files.writeString(dir.resolve(StateChangePattern.FILE), "{\"source\":[\"aws.ec2\"],\"detail-type\":[\"x\"]}");

    StateChangePattern pattern = StateChangePattern.load(dir);

    assertThat(pattern.sources()).containsExactly("aws.ec2");
    assertThat(pattern.pattern()).containsOnlyKeys("source", "detail-type");
  }

  @Test
  void load_whenOrHasOneBranch_failsSayingSo() throws IOException {
    Files.writeString(dir.resolve(StateChangePattern.FILE), "{\"$or\":[{\"source\":[\"aws.ec2\"],\"detail-type\":[\"x\"]}]}");

    assertThatThrownBy(() -> StateChangePattern.load(dir))
        .isInstanceOf(InvalidSettingsException.class)
        .hasMessageContaining("at least two branches");
  }

  @Test
  void load_whenFileMissing_failsNamingIt() {
    assertThatThrownBy(() -> StateChangePattern.load(dir))
        .isInstanceOf(InvalidSettingsException.class)
        .hasMessageContaining(StateChangePattern.FILE);
  }

  @Test
  void load_whenPatternNamesOtherFields_failsSayingWhich() throws IOException {
    Files.writeString(dir.resolve(StateChangePattern.FILE),
        "{\"source\":[\"aws.ec2\"],\"detail-type\":[\"x\"],\"resources\":[\"arn:x\"]}");

    assertThatThrownBy(() -> StateChangePattern.load(dir))
        .isInstanceOf(InvalidSettingsException.class)
        .hasMessageContaining("resources");
  }
}
