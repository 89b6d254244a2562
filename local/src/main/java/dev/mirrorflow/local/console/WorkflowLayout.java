package dev.mirrorflow.local.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.elk.alg.layered.options.LayeredOptions;
import org.eclipse.elk.core.RecursiveGraphLayoutEngine;
import org.eclipse.elk.core.math.ElkPadding;
import org.eclipse.elk.core.math.KVector;
import org.eclipse.elk.core.options.CoreOptions;
import org.eclipse.elk.core.options.Direction;
import org.eclipse.elk.core.options.EdgeRouting;
import org.eclipse.elk.core.options.SizeConstraint;
import org.eclipse.elk.core.util.BasicProgressMonitor;
import org.eclipse.elk.graph.ElkBendPoint;
import org.eclipse.elk.graph.ElkEdge;
import org.eclipse.elk.graph.ElkEdgeSection;
import org.eclipse.elk.graph.ElkNode;
import org.eclipse.elk.graph.util.ElkGraphUtil;

/**
 * Draws a workflow as the Step Functions console does: every state of an Amazon States Language
 * definition a box, top to bottom from a start marker to an end marker, a Map's item processor and
 * each branch of a Parallel drawn inside their state. The boxes are placed by the Eclipse Layout
 * Kernel's layered algorithm; the answer is plain JSON the page draws as SVG.
 *
 * <p>A state's id is its path: its name, prefixed by the names of the Map or Parallel states it is
 * nested in ({@code ReconcileSubnets/PlanSubnet}); {@link StateRuns} keys the history the same way.
 */
public final class WorkflowLayout {
  /** The id of the start marker of a workflow (or of a nested one, prefixed by its state's path). */
  public static final String START = "(start)";
  /** The id of the end marker. */
  public static final String END = "(end)";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final double CHAR_WIDTH = 7.6;
  private static final double STATE_HEIGHT = 36;
  private static final double MARKER_SIZE = 22;
  private static final Map<String, ObjectNode> CACHE = new ConcurrentHashMap<>();

  private record Shape(String id, String type) {}

  private WorkflowLayout() {}

  /**
   * The laid-out graph of {@code definition}: {@code {width, height, nodes: [...], edges: [...]}};
   * a node is {@code {id, name, type, x, y, width, height}} plus, for a Map or a Parallel, a
   * {@code graph} of the same shape (coordinates relative to the node); an edge is {@code {source,
   * target, kind: next|choice|default|catch, points: [[x, y], ...]}}. Definitions are laid out once.
   *
   * @throws IllegalArgumentException when the definition has no {@code StartAt} or {@code States}
   */
  public static ObjectNode layout(JsonNode definition) {
    String key = definition.toString();
    ObjectNode cached = CACHE.get(key);
    if (cached == null) {
      cached = compute(definition);
      if (CACHE.size() < 256) {
        CACHE.put(key, cached);
      }
    }
    return cached.deepCopy();
  }

  private static ObjectNode compute(JsonNode definition) {
    ElkNode root = ElkGraphUtil.createGraph();
    configure(root);
    Map<ElkNode, Shape> ids = new LinkedHashMap<>();
    Map<ElkEdge, String> kinds = new LinkedHashMap<>();
    addWorkflow(root, "", "", definition, ids, kinds);
    new RecursiveGraphLayoutEngine().layout(root, new BasicProgressMonitor());
    return graphJson(root, ids, kinds);
  }

  private static void configure(ElkNode graph) {
    graph.setProperty(CoreOptions.ALGORITHM, LayeredOptions.ALGORITHM_ID);
    graph.setProperty(CoreOptions.DIRECTION, Direction.DOWN);
    graph.setProperty(CoreOptions.EDGE_ROUTING, EdgeRouting.ORTHOGONAL);
    graph.setProperty(CoreOptions.SPACING_NODE_NODE, 28.0);
    graph.setProperty(LayeredOptions.SPACING_NODE_NODE_BETWEEN_LAYERS, 36.0);
    graph.setProperty(LayeredOptions.SPACING_EDGE_NODE_BETWEEN_LAYERS, 14.0);
    graph.setProperty(CoreOptions.PADDING, new ElkPadding(34, 18, 18, 18));
  }

  /** Adds the states of one (sub-)workflow to {@code container}: boxes, start and end markers, transitions. */
  private static void addWorkflow(ElkNode container, String prefix, String markerPrefix, JsonNode workflow,
      Map<ElkNode, Shape> ids, Map<ElkEdge, String> kinds) {
    JsonNode states = workflow.get("States");
    String startAt = workflow.path("StartAt").asText(null);
    if (states == null || !states.isObject() || startAt == null) {
      throw new IllegalArgumentException("a workflow needs StartAt and States (at " + (prefix.isEmpty() ? "the top" : prefix) + ")");
    }
    Map<String, ElkNode> byName = new LinkedHashMap<>();
    ElkNode start = marker(container, markerPrefix + START, ids);
    Iterator<Map.Entry<String, JsonNode>> it = states.fields();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> e = it.next();
      String name = e.getKey();
      JsonNode state = e.getValue();
      String type = state.path("Type").asText("");
      ElkNode node = ElkGraphUtil.createNode(container);
      ids.put(node, new Shape(prefix + name, type));
      List<JsonNode> inner = innerWorkflows(state);
      if (inner.isEmpty()) {
        node.setDimensions(Math.max(110, labelWidth(name + " ×99")), STATE_HEIGHT);
      } else {
        configure(node);
        // Wide enough for its label ("name · Map ×n"), however small its inner workflow.
        node.setProperty(CoreOptions.NODE_SIZE_CONSTRAINTS, EnumSet.of(SizeConstraint.MINIMUM_SIZE));
        node.setProperty(CoreOptions.NODE_SIZE_MINIMUM, new KVector(labelWidth(name + " · " + type + " ×99"), 60));
        for (int i = 0; i < inner.size(); i++) {
          // Inner states are keyed by their state's path (names are unique within a state machine);
          // a Parallel's branches each get their own box and markers.
          String innerPrefix = prefix + name + "/";
          if (type.equals("Parallel")) {
            ElkNode branch = ElkGraphUtil.createNode(node);
            configure(branch);
            branch.setProperty(CoreOptions.PADDING, new ElkPadding(14, 12, 12, 12));
            String branchId = innerPrefix + "(branch " + (i + 1) + ")";
            ids.put(branch, new Shape(branchId, "Branch"));
            addWorkflow(branch, innerPrefix, branchId + "/", inner.get(i), ids, kinds);
          } else {
            addWorkflow(node, innerPrefix, innerPrefix, inner.get(i), ids, kinds);
          }
        }
      }
      byName.put(name, node);
    }
    ElkNode end = marker(container, markerPrefix + END, ids);
    ElkNode first = byName.get(startAt);
    if (first != null) {
      kinds.put(ElkGraphUtil.createSimpleEdge(start, first), "next");
    }
    Set<String> seen = new LinkedHashSet<>();
    for (Map.Entry<String, ElkNode> e : byName.entrySet()) {
      JsonNode state = states.get(e.getKey());
      for (String[] t : transitions(state)) {
        ElkNode target = t[0] == null ? end : byName.get(t[0]);
        // One arrow per pair and kind: a Choice with several rules to one state draws one.
        if (target != null && seen.add(e.getKey() + "->" + t[0] + ":" + t[1])) {
          kinds.put(ElkGraphUtil.createSimpleEdge(e.getValue(), target), t[1]);
        }
      }
    }
  }

  /** Room for a label in the page's 12.5 px sans-serif (bold in containers), with margins. */
  static double labelWidth(String label) {
    return 28 + CHAR_WIDTH * label.length();
  }

  private static ElkNode marker(ElkNode container, String id, Map<ElkNode, Shape> ids) {
    ElkNode node = ElkGraphUtil.createNode(container);
    node.setDimensions(MARKER_SIZE, MARKER_SIZE);
    ids.put(node, new Shape(id, id.endsWith(START) ? "Start" : "End"));
    return node;
  }

  /** A state's outgoing transitions as {target (null = the end), kind}. */
  static List<String[]> transitions(JsonNode state) {
    List<String[]> out = new ArrayList<>();
    String type = state.path("Type").asText("");
    if (type.equals("Choice")) {
      for (JsonNode choice : state.path("Choices")) {
        if (choice.hasNonNull("Next")) {
          out.add(new String[] {choice.get("Next").asText(), "choice"});
        }
      }
      if (state.hasNonNull("Default")) {
        out.add(new String[] {state.get("Default").asText(), "default"});
      }
    } else if (type.equals("Succeed") || type.equals("Fail") || state.path("End").asBoolean(false)) {
      out.add(new String[] {null, "next"});
    } else if (state.hasNonNull("Next")) {
      out.add(new String[] {state.get("Next").asText(), "next"});
    }
    for (JsonNode c : state.path("Catch")) {
      if (c.hasNonNull("Next")) {
        out.add(new String[] {c.get("Next").asText(), "catch"});
      }
    }
    return out;
  }

  /** A Map's item processor (or Iterator), or a Parallel's branches. */
  static List<JsonNode> innerWorkflows(JsonNode state) {
    String type = state.path("Type").asText("");
    List<JsonNode> out = new ArrayList<>();
    if (type.equals("Map")) {
      JsonNode processor = state.has("ItemProcessor") ? state.get("ItemProcessor") : state.get("Iterator");
      if (processor != null) {
        out.add(processor);
      }
    } else if (type.equals("Parallel")) {
      state.path("Branches").forEach(out::add);
    }
    return out;
  }

  private static ObjectNode graphJson(ElkNode graph, Map<ElkNode, Shape> ids, Map<ElkEdge, String> kinds) {
    ObjectNode out = JSON.createObjectNode();
    out.put("width", round(graph.getWidth()));
    out.put("height", round(graph.getHeight()));
    ArrayNode nodes = out.putArray("nodes");
    for (ElkNode child : graph.getChildren()) {
      Shape shape = ids.get(child);
      ObjectNode n = nodes.addObject();
      n.put("id", shape.id());
      n.put("name", shape.id().substring(shape.id().lastIndexOf('/') + 1));
      n.put("type", shape.type());
      n.put("x", round(child.getX()));
      n.put("y", round(child.getY()));
      n.put("width", round(child.getWidth()));
      n.put("height", round(child.getHeight()));
      if (!child.getChildren().isEmpty()) {
        n.set("graph", graphJson(child, ids, kinds));
      }
    }
    ArrayNode edges = out.putArray("edges");
    for (ElkEdge edge : graph.getContainedEdges()) {
      ObjectNode e = edges.addObject();
      e.put("source", ids.get(ElkGraphUtil.connectableShapeToNode(edge.getSources().get(0))).id());
      e.put("target", ids.get(ElkGraphUtil.connectableShapeToNode(edge.getTargets().get(0))).id());
      e.put("kind", kinds.get(edge));
      ArrayNode points = e.putArray("points");
      for (ElkEdgeSection s : edge.getSections()) {
        points.addArray().add(round(s.getStartX())).add(round(s.getStartY()));
        for (ElkBendPoint b : s.getBendPoints()) {
          points.addArray().add(round(b.getX())).add(round(b.getY()));
        }
        points.addArray().add(round(s.getEndX())).add(round(s.getEndY()));
      }
    }
    return out;
  }

  private static double round(double v) {
    return Math.round(v * 10) / 10.0;
  }
}
