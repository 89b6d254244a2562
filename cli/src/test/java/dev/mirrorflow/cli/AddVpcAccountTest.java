package dev.mirrorflow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mirrorflow.local.ec2.Ec2World;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** add-vpc --account and status on the local cloud with a member account beside the hub. */
class AddVpcAccountTest {
  static final String MEMBER = LocalSetup.MEMBER_ACCOUNT;

  LocalCli cli;
  Map<String, String> member;
  Ec2World memberWorld;

  @BeforeEach
  void start() {
    cli = new LocalCli(1);
    member = cli.setup.addMemberAccount(MEMBER);
    memberWorld = cli.cloud.ec2().world(MEMBER);
  }

  @AfterEach
  void stop() {
    cli.close();
  }

  @Test
  void addVpc_withAccount_mirrorsInThatAccountAndStatusGroupsByAccount() {
    LocalCli.Result hub = cli.run("add-vpc", cli.vpc);
    LocalCli.Result added = cli.run("add-vpc", member.get("payments"), "--account", MEMBER,
        "--filter-id", member.get("all-traffic"));

    assertThat(hub.code()).as(hub.toString()).isZero();
    assertThat(added.code()).as(added.toString()).isZero();
    assertThat(memberWorld.sessions()).hasSize(2).allSatisfy(s -> assertThat(s.ownerId()).isEqualTo(MEMBER));

    JsonNode status = cli.run("--output", "json", "status").json();
    assertThat(status).hasSize(2);
    assertThat(status.get(0).path("vpcId").asText()).isEqualTo(cli.vpc);
    assertThat(status.get(0).has("account")).isFalse();
    assertThat(status.get(1).path("account").asText()).isEqualTo(MEMBER);
    assertThat(status.get(1).path("config").path("account").asText()).isEqualTo(MEMBER);
    LocalCli.Result table = cli.run("status");
    assertThat(table.out()).contains("ACCOUNT", "hub", MEMBER, member.get("payments"));
  }

  @Test
  void addVpc_withAnAccountWithoutTheMemberStack_failsNamingTheFixAndChangesNothing() {
    Map<String, Object> before = withoutExecutions();

    LocalCli.Result r = cli.run("add-vpc", member.get("payments"), "--account", "333333333333",
        "--filter-id", member.get("all-traffic"));

    assertThat(r.code()).isEqualTo(Mirrorflow.EXIT_WORKFLOW_FAILED);
    assertThat(r.out() + r.err()).contains("MemberRoleUnassumableException", "deploy the member stack in 333333333333");
    assertThat(withoutExecutions()).isEqualTo(before);
    assertThat(memberWorld.sessions()).isEmpty();
  }

  /** What add-vpc could change, but the execution it started and failed. */
  Map<String, Object> withoutExecutions() {
    Map<String, Object> state = new java.util.TreeMap<>(cli.snapshot());
    state.remove("executions");
    return state;
  }

  @Test
  void addVpc_withAMalformedAccount_isBadInput() {
    LocalCli.Result r = cli.run("add-vpc", member.get("payments"), "--account", "2222");

    assertThat(r.code()).isEqualTo(Mirrorflow.EXIT_BAD_INPUT);
    assertThat(r.err()).contains("--account must be a 12-digit AWS account id");
  }
}
