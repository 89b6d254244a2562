package dev.mirrorflow.local.dataplane;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mirrorflow.local.LocalCloud;
import dev.mirrorflow.local.ec2.Ec2World;
import dev.mirrorflow.local.ec2.MirrorFilterRule;
import dev.mirrorflow.receiver.packet.Frames;
import dev.mirrorflow.receiver.packet.InnerPacket;
import dev.mirrorflow.receiver.packet.Vxlan;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The data plane over the admin API, as a test or demo in another process drives it. */
class DataPlaneAdminTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http = HttpClient.newHttpClient();

  private HttpResponse<String> call(LocalCloud cloud, String method, String route, String body) throws Exception {
    return http.send(HttpRequest.newBuilder(cloud.endpoint().resolve(DataPlaneAdmin.PREFIX + route))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
        .header("Content-Type", "application/json").build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void adminApi_whenDeliverySetAndTrafficInjected_mirrorsAndCounts() throws Exception {
    try (LocalCloud cloud = LocalCloud.create(0).start();
        DatagramSocket target = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
      target.setSoTimeout(5_000);
      Ec2World world = cloud.ec2().world();
      var vpc = world.createVpc(null, "10.0.0.0/16", Map.of());
      var subnet = world.createSubnet(null, vpc.id(), "10.0.1.0/24", "us-east-1a", Map.of());
      var instance = world.runInstances(subnet.id(), "m5.large", 1, Map.of(), Map.of()).get(0);
      var eni = world.networkInterfaces().stream().filter(e -> e.attachment() != null
          && e.attachment().instanceId().equals(instance.id())).findFirst().orElseThrow();
      String tmt = world.createTarget(null, null, null, "vpce-0123456789abcdef0", null, Map.of()).id();
      String tmf = world.createFilter(null, null, Map.of()).id();
      world.createFilterRule(new MirrorFilterRule(null, tmf, "ingress", 1, "accept", null, "0.0.0.0/0", "0.0.0.0/0", null, null, null));
      String tms = world.createSession(new Ec2World.NewSession(null, eni.id(), tmt, tmf, 1, 321, null, null, Map.of())).id();

      HttpResponse<String> set = call(cloud, "PUT", "deliveries/" + tmt, "{\"address\":\"127.0.0.1:" + target.getLocalPort() + "\"}");
      assertThat(set.statusCode()).as(set.body()).isEqualTo(200);
      byte[] frame = Frames.udp(InetAddress.getByName("10.0.9.9"), 5000, InetAddress.getByName(eni.privateIpAddress()), 53, new byte[20]);
      HttpResponse<String> injected = call(cloud, "POST", "inject", JSON.createObjectNode().put("networkInterfaceId", eni.id())
          .put("direction", "ingress").put("frame", Base64.getEncoder().encodeToString(frame)).toString());
      assertThat(JSON.readTree(injected.body()).path("sessionId").asText()).isEqualTo(tms);
      DatagramPacket p = new DatagramPacket(new byte[65_536], 65_536);
      target.receive(p);
      assertThat(Vxlan.decode(p.getData(), 0, p.getLength()).vni()).isEqualTo(321);

      HttpResponse<String> conversation = call(cloud, "POST", "conversations", JSON.createObjectNode()
          .put("networkInterfaceId", eni.id()).put("role", "server").put("peer", "10.0.9.9").put("port", 80)
          .put("request", "GET / HTTP/1.1\r\nHost: a\r\n\r\n").put("response", "HTTP/1.1 204 No Content\r\n\r\n").toString());
      JsonNode c = JSON.readTree(conversation.body());
      assertThat(c.path("packets").asInt()).isEqualTo(8);
      assertThat(c.path("mirrored").asInt()).isEqualTo(5); // only ingress has a rule: SYN, ACK, request, FIN, ACK

      JsonNode counters = JSON.readTree(call(cloud, "GET", "counters", null).body());
      assertThat(counters.path("sessions").path(tms).path("packets").asLong()).isEqualTo(6);
      assertThat(counters.path("notMirrored").path("filtered").asLong()).isEqualTo(3);

      assertThat(call(cloud, "POST", "inject", "{\"networkInterfaceId\":\"" + eni.id() + "\",\"direction\":\"sideways\",\"frame\":\"AA==\"}")
          .statusCode()).isEqualTo(400);
      assertThat(call(cloud, "PUT", "deliveries/tmt-00000000000000000", "{\"address\":\"127.0.0.1:1\"}").statusCode()).isEqualTo(404);
      assertThat(InnerPacket.parse(frame, 0, frame.length)).isPresent();
    }
  }
}
