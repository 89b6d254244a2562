package dev.mirrorflow.local.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mirrorflow.local.LocalCloud;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.Test;

class WorkflowLayoutTest {
  static final ObjectMapper JSON = new ObjectMapper();

  static JsonNode definition(String stem) throws Exception {
    return JSON.readTree(Files.readString(LocalCloud.stateMachinesDirectory().resolve(stem + ".asl.json")));
  }

  @Test
  void layout_whenReconcileVpc_drawsEveryStateNestedAsInTheDefinition() throws Exception {
    JsonNode asl = definition("reconcile-vpc");

    JsonNode graph = WorkflowLayout.layout(asl);

    List<String> expected = new ArrayList<>();
    statePaths(asl, "", expected);
    List<String> drawn = new ArrayList<>();
    nodeIds(graph, drawn);
    assertThat(drawn).containsAll(expected).contains(WorkflowLayout.START, WorkflowLayout.END,
        "ReconcileSubnets/" + WorkflowLayout.START, "ReconcileSubnets/PlanSubnet");
    assertThat(node(graph, "ReconcileSubnets").path("type").asText()).isEqualTo("Map");
    assertThat(node(graph, "ReconcileSubnets").path("graph").path("nodes")).isNotEmpty();
    JsonNode deletes = node(graph, "ReconcileSubnets/DeleteSessions");
    assertThat(deletes.path("width").asDouble())
        .as("a container fits its label").isGreaterThanOrEqualTo(WorkflowLayout.labelWidth("DeleteSessions · Map ×99"));
  }

  @Test
  void layout_whenLaidOut_boxesDoNotOverlapAndChildrenFitInTheirState() throws Exception {
    JsonNode graph = WorkflowLayout.layout(definition("reconcile-vpc"));

    assertLaidOut(graph);
  }

  @Test
  void layout_whenLaidOut_everyTransitionIsAnEdgeWithPoints() throws Exception {
    JsonNode graph = WorkflowLayout.layout(definition("add-vpc"));

    List<String> edges = new ArrayList<>();
    graph.path("edges").forEach(e -> {
      edges.add(e.path("source").asText() + "->" + e.path("target").asText() + ":" + e.path("kind").asText());
      assertThat(e.path("points").size()).as("points of %s", e).isGreaterThanOrEqualTo(2);
    });
    JsonNode asl = definition("add-vpc");
    assertThat(edges).contains(WorkflowLayout.START + "->" + asl.path("StartAt").asText() + ":next",
        "FirstReconcile->Added:next");
    assertThat(edges).anyMatch(e -> e.endsWith(":choice"));
  }

  @Test
  void layout_whenNoStates_isANamedError() {
    assertThatThrownBy(() -> WorkflowLayout.layout(JSON.createObjectNode().put("StartAt", "A")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("StartAt and States");
  }

  static void assertLaidOut(JsonNode graph) {
    List<JsonNode> nodes = new ArrayList<>();
    graph.path("nodes").forEach(nodes::add);
    for (JsonNode n : nodes) {
      assertThat(n.path("width").asDouble()).isPositive();
      assertThat(n.path("x").asDouble() + n.path("width").asDouble()).isLessThanOrEqualTo(graph.path("width").asDouble());
      assertThat(n.path("y").asDouble() + n.path("height").asDouble()).isLessThanOrEqualTo(graph.path("height").asDouble());
      for (JsonNode m : nodes) {
        if (m != n) {
          boolean apart = n.path("x").asDouble() + n.path("width").asDouble() <= m.path("x").asDouble()
              || m.path("x").asDouble() + m.path("width").asDouble() <= n.path("x").asDouble()
              || n.path("y").asDouble() + n.path("height").asDouble() <= m.path("y").asDouble()
              || m.path("y").asDouble() + m.path("height").asDouble() <= n.path("y").asDouble();
          assertThat(apart).as("%s and %s overlap", n.path("id"), m.path("id")).isTrue();
        }
      }
      if (n.has("graph")) {
        assertLaidOut(n.get("graph"));
      }
    }
  }

  static void statePaths(JsonNode workflow, String prefix, List<String> out) {
    Iterator<String> names = workflow.path("States").fieldNames();
    while (names.hasNext()) {
      String name = names.next();
      out.add(prefix + name);
      JsonNode state = workflow.path("States").path(name);
      for (JsonNode inner : WorkflowLayout.innerWorkflows(state)) {
        statePaths(inner, prefix + name + "/", out);
      }
    }
  }

  static void nodeIds(JsonNode graph, List<String> out) {
    graph.path("nodes").forEach(n -> {
      out.add(n.path("id").asText());
      if (n.has("graph")) {
        nodeIds(n.get("graph"), out);
      }
    });
  }

  static JsonNode node(JsonNode graph, String id) {
    for (JsonNode n : graph.path("nodes")) {
      if (n.path("id").asText().equals(id)) {
        return n;
      }
      if (n.has("graph")) {
        JsonNode inner = node(n.get("graph"), id);
        if (inner != null) {
          return inner;
        }
      }
    }
    return null;
  }
}
