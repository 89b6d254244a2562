package dev.mirrorflow.local.e2e;

import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * A test main for trying the triggers with the AWS CLI: a local cloud (real-time clock) with the
 * cluster {@value TriggerFixture#CLUSTER} deployed, its state-change rule, and one registered VPC of
 * two subnets with state-change events switched off (so only scans and scan requests mirror what
 * changes). Prints the endpoint and ids, then runs until killed.
 */
public final class TriggerDevServer {
  private TriggerDevServer() {}

  public static void main(String[] args) throws InterruptedException {
    TriggerFixture f = TriggerFixture.start(1);
    String[] tf = f.targetAndFilter();
    List<String> ids = f.vpcWithInstances("10.0", 2);
    f.putStateChangeRule();
    f.registerVpc(ids.get(0), tf[0], tf[1], true);
    f.cloud.ec2().knobs().stateChangeEvents(false);
    String instance = f.world().instances().get(0).id();
    System.out.println("endpoint " + f.cloud.endpoint());
    System.out.println("cluster " + TriggerFixture.CLUSTER + " bus " + TriggerFixture.BUS);
    System.out.println("vpc " + ids.get(0) + " subnets " + ids.subList(1, ids.size()) + " instance " + instance);
    System.out.flush();
    Runtime.getRuntime().addShutdownHook(new Thread(f::close));
    new CountDownLatch(1).await();
  }
}
