package dev.mirrorflow.infra;

import software.constructs.Construct;

/**
 * One concern of the cluster stack (IAM, steps, workflows, triggers, monitoring...): a construct that
 * groups resources in the code and the construct tree, but not in their logical ids. A
 * {@link MirrorflowStack} leaves a room's id out of the logical ids it allocates, so moving a resource
 * into a room never makes CloudFormation replace it (every resource of the stack has a fixed physical
 * name, which a replacement would collide with).
 */
abstract class ClusterRoom extends Construct {

  ClusterRoom(Construct scope, String id) {
    super(scope, id);
  }
}
