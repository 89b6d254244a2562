package dev.mirrorflow.activities.route;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mirrorflow.activities.input.Ids;

/**
 * Input of the RouteEvent step: {@code {"cluster": "<cluster>", "event": {<the EventBridge event>}}}.
 *
 * @param cluster the capture cluster whose registrations count
 * @param event the state-change event as EventBridge delivered it
 */
public record RouteEventRequest(String cluster, JsonNode event) {
  public RouteEventRequest {
    Ids.cluster(cluster);
    if (event == null || event.isNull()) {
      throw new MalformedEventException("missing field 'event': the event-router passes the EventBridge event as 'event'");
    }
  }
}
