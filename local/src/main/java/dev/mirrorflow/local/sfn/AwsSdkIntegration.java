package dev.mirrorflow.local.sfn;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mirrorflow.local.http.AwsDispatcher;
import dev.mirrorflow.local.http.LocalRequest;
import dev.mirrorflow.local.http.LocalResponse;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.math.BigDecimal;
import java.net.URI;
import java.time.Instant;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.SdkField;
import software.amazon.awssdk.core.SdkPojo;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.protocol.MarshallingType;
import software.amazon.awssdk.core.traits.ListTrait;
import software.amazon.awssdk.core.traits.MapTrait;
import software.amazon.awssdk.core.util.SdkAutoConstructList;
import software.amazon.awssdk.core.util.SdkAutoConstructMap;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.scheduler.SchedulerClient;
import software.amazon.awssdk.utils.builder.SdkBuilder;

/**
 * The {@code arn:aws:states:::aws-sdk:SERVICE:apiAction} integrations for the services Mirrorflow's
 * workflows call: EventBridge and EC2 through the SDK's own marshalling over an in-process HTTP
 * client, and Step Functions itself as JSON. Parameters and results are PascalCase; a service error
 * is named {@code ServiceName.ErrorName} with an {@code Exception} suffix, as Step Functions names
 * them (e.g. {@code EventBridge.ResourceNotFoundException}, {@code Sfn.ExecutionDoesNotExistException}).
 */
final class AwsSdkIntegration {
  private final AwsDispatcher dispatcher;
  private final String region;
  private final Map<String, Object> clients = new ConcurrentHashMap<>();

  AwsSdkIntegration(AwsDispatcher dispatcher, String region) {
    this.dispatcher = dispatcher;
    this.region = region;
  }

  /** Calls {@code service:action} with PascalCase parameters; returns the PascalCase result. */
  JsonNode call(String service, String action, JsonNode parameters) {
    return switch (service) {
      case "sfn" -> sfn(action, parameters);
      case "eventbridge" -> sdk("EventBridge", EventBridgeClient.class,
          () -> configure(EventBridgeClient.builder()).build(), action, parameters);
      case "ec2" -> sdk("Ec2", Ec2Client.class, () -> configure(Ec2Client.builder()).build(), action, parameters);
      case "scheduler" -> sdk("Scheduler", SchedulerClient.class,
          () -> configure(SchedulerClient.builder()).build(), action, parameters);
      default -> throw new StatesException(StatesException.RUNTIME,
          "the local Step Functions supports aws-sdk integrations for eventbridge, scheduler, ec2 and sfn, not " + service);
    };
  }

  private <B extends software.amazon.awssdk.awscore.client.builder.AwsClientBuilder<B, ?>
      & software.amazon.awssdk.core.client.builder.SdkSyncClientBuilder<B, ?>> B configure(B builder) {
    builder.httpClient(new DispatcherHttpClient(dispatcher));
    builder.endpointOverride(URI.create("http://127.0.0.1"));
    builder.region(Region.of(region));
    builder.credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")));
    builder.overrideConfiguration(c -> c.retryStrategy(r -> r.maxAttempts(1)));
    return builder;
  }

  // ---- Step Functions, JSON 1.0 in front of the dispatcher

  private JsonNode sfn(String action, JsonNode parameters) {
    JsonNode body = camel(parameters);
    if (body.isObject() && body.has("input") && !body.get("input").isTextual()) {
      ((ObjectNode) body).put("input", Json.write(body.get("input")));
    }
    LocalResponse response = dispatcher.dispatch(
        LocalRequest.awsJson("AWSStepFunctions." + pascal(action), Json.write(body)));
    JsonNode answer = response.body().length == 0 ? Json.MAPPER.createObjectNode() : Json.parse(response.bodyAsString());
    if (response.status() >= 400) {
      String type = answer.path("__type").asText("InternalFailure");
      String code = type.substring(type.indexOf('#') + 1);
      throw new StatesException(errorName("Sfn", code),
          answer.path("message").asText("") + " (Service: Sfn, Status Code: " + response.status()
              + ", Request ID: " + response.headers().getOrDefault("x-amzn-RequestId", "local") + ")");
    }
    return pascalKeys(answer);
  }

  static String errorName(String service, String code) {
    return service + "." + (code.endsWith("Exception") ? code : code + "Exception");
  }

  private static String pascal(String s) {
    return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
  }

  private static String camelName(String s) {
    return s.isEmpty() ? s : Character.toLowerCase(s.charAt(0)) + s.substring(1);
  }

  private static JsonNode camel(JsonNode node) {
    return renameKeys(node, AwsSdkIntegration::camelName);
  }

  private static JsonNode pascalKeys(JsonNode node) {
    return renameKeys(node, AwsSdkIntegration::pascal);
  }

  private static JsonNode renameKeys(JsonNode node, java.util.function.UnaryOperator<String> rename) {
    if (node.isObject()) {
      ObjectNode out = Json.MAPPER.createObjectNode();
      Iterator<Map.Entry<String, JsonNode>> it = node.fields();
      while (it.hasNext()) {
        Map.Entry<String, JsonNode> e = it.next();
        out.set(rename.apply(e.getKey()), renameKeys(e.getValue(), rename));
      }
      return out;
    }
    if (node.isArray()) {
      ArrayNode out = Json.MAPPER.createArrayNode();
      node.forEach(e -> out.add(renameKeys(e, rename)));
      return out;
    }
    return node;
  }

  // ---- SDK-marshalled services

  private JsonNode sdk(String serviceName, Class<?> clientType, Supplier<Object> factory, String action, JsonNode parameters) {
    Object client = clients.computeIfAbsent(serviceName, k -> factory.get());
    String methodName = camelName(action);
    Method method = null;
    for (Method m : clientType.getMethods()) {
      if (m.getName().equals(methodName) && m.getParameterCount() == 1
          && SdkPojo.class.isAssignableFrom(m.getParameterTypes()[0])) {
        method = m;
      }
    }
    if (method == null) {
      throw new StatesException(StatesException.RUNTIME,
          "the " + serviceName + " aws-sdk integration has no action " + action);
    }
    Object request;
    try {
      SdkPojo builder = (SdkPojo) method.getParameterTypes()[0].getMethod("builder").invoke(null);
      fill(builder, parameters == null ? Json.MAPPER.createObjectNode() : parameters, action);
      request = ((SdkBuilder<?, ?>) builder).build();
    } catch (ReflectiveOperationException e) {
      throw new StatesException(StatesException.RUNTIME, "cannot build the " + action + " request: " + e);
    }
    try {
      Object response = method.invoke(client, request);
      return toJson(response);
    } catch (InvocationTargetException e) {
      Throwable t = e.getCause();
      if (t instanceof AwsServiceException se) {
        String code = se.awsErrorDetails() == null || se.awsErrorDetails().errorCode() == null
            ? t.getClass().getSimpleName() : se.awsErrorDetails().errorCode();
        throw new StatesException(errorName(serviceName, code), t.getMessage());
      }
      if (t instanceof SdkException) {
        throw new StatesException(errorName(serviceName, "SdkClient"), t.getMessage());
      }
      throw new StatesException(StatesException.RUNTIME, String.valueOf(t));
    } catch (IllegalAccessException e) {
      throw new StatesException(StatesException.RUNTIME, e.toString());
    }
  }

  private static void fill(SdkPojo builder, JsonNode json, String where) {
    if (!json.isObject()) {
      throw new StatesException(StatesException.RUNTIME, "the parameters of " + where + " must be an object");
    }
    Map<String, SdkField<?>> fields = new LinkedHashMap<>();
    for (SdkField<?> f : builder.sdkFields()) {
      fields.put(f.memberName(), f);
    }
    Iterator<Map.Entry<String, JsonNode>> it = json.fields();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> e = it.next();
      SdkField<?> f = fields.get(e.getKey());
      if (f == null) {
        throw new StatesException(StatesException.RUNTIME,
            "The field \"" + e.getKey() + "\" is not supported by Step Functions for " + where
                + "; supported fields: " + fields.keySet());
      }
      f.set(builder, fromJson(f, e.getValue(), where + "." + e.getKey()));
    }
  }

  private static Object fromJson(SdkField<?> f, JsonNode v, String where) {
    if (v.isNull()) {
      return null;
    }
    MarshallingType<?> t = f.marshallingType();
    if (t == MarshallingType.STRING) {
      return v.isTextual() ? v.asText() : Json.write(v);
    }
    if (t == MarshallingType.INTEGER) {
      return v.asInt();
    }
    if (t == MarshallingType.LONG) {
      return v.asLong();
    }
    if (t == MarshallingType.SHORT) {
      return (short) v.asInt();
    }
    if (t == MarshallingType.BYTE) {
      return (byte) v.asInt();
    }
    if (t == MarshallingType.FLOAT) {
      return (float) v.asDouble();
    }
    if (t == MarshallingType.DOUBLE) {
      return v.asDouble();
    }
    if (t == MarshallingType.BIG_DECIMAL) {
      return v.decimalValue();
    }
    if (t == MarshallingType.BOOLEAN) {
      return v.asBoolean();
    }
    if (t == MarshallingType.INSTANT) {
      return v.isNumber() ? Instant.ofEpochMilli((long) (v.asDouble() * 1000)) : Instant.parse(v.asText());
    }
    if (t == MarshallingType.SDK_BYTES) {
      return SdkBytes.fromUtf8String(v.isTextual() ? v.asText() : Json.write(v));
    }
    if (t == MarshallingType.LIST) {
      SdkField<?> member = f.getTrait(ListTrait.class).memberFieldInfo();
      java.util.List<Object> out = new java.util.ArrayList<>();
      if (v.isArray()) {
        for (JsonNode e : v) {
          out.add(fromJson(member, e, where));
        }
      } else {
        out.add(fromJson(member, v, where));
      }
      return out;
    }
    if (t == MarshallingType.MAP) {
      SdkField<?> value = f.getTrait(MapTrait.class).valueFieldInfo();
      Map<String, Object> out = new LinkedHashMap<>();
      v.fields().forEachRemaining(e -> out.put(e.getKey(), fromJson(value, e.getValue(), where)));
      return out;
    }
    if (t == MarshallingType.SDK_POJO) {
      SdkPojo builder = f.constructor().get();
      fill(builder, v, where);
      return ((SdkBuilder<?, ?>) builder).build();
    }
    return v.isTextual() ? v.asText() : Json.write(v);
  }

  private static JsonNode toJson(Object value) {
    if (value instanceof SdkPojo pojo) {
      ObjectNode out = Json.MAPPER.createObjectNode();
      for (SdkField<?> f : pojo.sdkFields()) {
        Object v = f.getValueOrDefault(pojo);
        if (v == null || v instanceof SdkAutoConstructList || v instanceof SdkAutoConstructMap) {
          continue;
        }
        out.set(f.memberName(), toJson(v));
      }
      return out;
    }
    if (value instanceof Collection<?> c) {
      ArrayNode out = Json.MAPPER.createArrayNode();
      c.forEach(e -> out.add(toJson(e)));
      return out;
    }
    if (value instanceof Map<?, ?> m) {
      ObjectNode out = Json.MAPPER.createObjectNode();
      m.forEach((k, v) -> out.set(String.valueOf(k), toJson(v)));
      return out;
    }
    if (value instanceof String s) {
      return Json.MAPPER.getNodeFactory().textNode(s);
    }
    if (value instanceof Boolean b) {
      return Json.MAPPER.getNodeFactory().booleanNode(b);
    }
    if (value instanceof Integer i) {
      return Json.MAPPER.getNodeFactory().numberNode(i);
    }
    if (value instanceof Long l) {
      return Json.MAPPER.getNodeFactory().numberNode(l);
    }
    if (value instanceof BigDecimal d) {
      return Json.MAPPER.getNodeFactory().numberNode(d);
    }
    if (value instanceof Number n) {
      return Json.MAPPER.getNodeFactory().numberNode(n.doubleValue());
    }
    if (value instanceof Instant i) {
      return Json.MAPPER.getNodeFactory().textNode(i.toString());
    }
    if (value instanceof SdkBytes b) {
      return Json.MAPPER.getNodeFactory().textNode(b.asUtf8String());
    }
    return Json.MAPPER.getNodeFactory().textNode(String.valueOf(value));
  }

}
