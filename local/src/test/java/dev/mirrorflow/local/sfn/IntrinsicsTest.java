package dev.mirrorflow.local.sfn;

import static dev.mirrorflow.local.sfn.LocalSfnFixture.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Intrinsic functions, with the examples of AWS's documentation. */
class IntrinsicsTest {
  private static final JsonNode INPUT = json("""
      {"name":"Arnav","template":"Hello, my name is {}.","array":[1,2,3,4,5,6,7,8,9],"dup":[1,2,3,3,3,3,3,3,4],
       "escaped":"{\\"foo\\": \\"bar\\"}","obj":{"a":1},"json1":{"a":{"a1":1,"a2":2},"b":2},
       "json2":{"a":{"a3":1,"a4":2},"c":3},"input":"Data to encode","base64":"RGF0YSB0byBlbmNvZGU=",
       "inputString":"This.is+a,test=string","splitter":".+,=","n":111,"value":null}""");
  private static final JsonNode CONTEXT = json("{\"Execution\":{\"Name\":\"run-1\"}}");

  private static JsonNode eval(String expression) {
    return Intrinsics.evaluate(expression, INPUT, CONTEXT);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "States.Format('Hello, my name is {}.', $.name)|\"Hello, my name is Arnav.\"",
      "States.Format('{} \\{literal\\} \\'q\\' {}', $.n, $$.Execution.Name)|\"111 {literal} 'q' run-1\"",
      "States.Format('null is {}, true is {}', $.value, true)|\"null is null, true is true\"",
      "States.StringToJson($.escaped)|{\"foo\":\"bar\"}",
      "States.JsonToString($.obj)|\"{\\\"a\\\":1}\"",
      "States.Array('Foo', 2020, $.obj, null)|[\"Foo\",2020,{\"a\":1},null]",
      "States.ArrayPartition($.array, 4)|[[1,2,3,4],[5,6,7,8],[9]]",
      "States.ArrayContains($.array, 5)|true",
      "States.ArrayContains($.array, 10)|false",
      "States.ArrayRange(1, 9, 2)|[1,3,5,7,9]",
      "States.ArrayRange(5, 1, -2)|[5,3,1]",
      "States.ArrayGetItem($.array, 5)|6",
      "States.ArrayLength($.array)|9",
      "States.ArrayUnique($.dup)|[1,2,3,4]",
      "States.Base64Encode($.input)|\"RGF0YSB0byBlbmNvZGU=\"",
      "States.Base64Decode($.base64)|\"Data to encode\"",
      "States.Hash($.input, 'SHA-1')|\"72a42d0f8593b8ce67954a60e19afdaa929600e5\"",
      "States.Hash('abc', 'SHA-256')|\"ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad\"",
      "States.JsonMerge($.json1, $.json2, false)|{\"a\":{\"a3\":1,\"a4\":2},\"b\":2,\"c\":3}",
      "States.MathAdd($.n, -1)|110",
      "States.StringSplit($.inputString, $.splitter)|[\"This\",\"is\",\"a\",\"test\",\"string\"]",
      "States.StringSplit('1,2,3,4,5', ',')|[\"1\",\"2\",\"3\",\"4\",\"5\"]",
      "States.ArrayLength(States.Array(States.Format('{}', $.name), 'x,y'))|2",
      "States.ArrayGetItem(States.StringSplit(States.Format('{}-{}', 'a', 'b'), '-'), 1)|\"b\"",
  })
  void evaluate_whenDocumentedExample_returnsDocumentedResult(String expression, String expected) {
    assertThat(eval(expression)).isEqualTo(json(expected));
  }

  @Test
  void hash_whenSha1OfInput_matchesJdkDigest() throws Exception {
    byte[] digest = java.security.MessageDigest.getInstance("SHA-1").digest("Data to encode".getBytes());
    assertThat(eval("States.Hash($.input, 'SHA-1')").asText()).isEqualTo(java.util.HexFormat.of().formatHex(digest));
  }

  @Test
  void mathRandom_whenSeeded_isWithinRangeAndRepeatable() {
    int first = eval("States.MathRandom(1, 999, 1234)").asInt();
    assertThat(first).isBetween(1, 998);
    assertThat(eval("States.MathRandom(1, 999, 1234)").asInt()).isEqualTo(first);
  }

  @Test
  void uuid_whenCalled_returnsVersion4Uuid() {
    assertThat(eval("States.UUID()").asText()).matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "States.Format('{} {}', $.name)",
      "States.ArrayGetItem($.array, 9)",
      "States.ArrayPartition($.array, 0)",
      "States.JsonMerge($.json1, $.json2, true)",
      "States.StringToJson($.name)",
      "States.Nope(1)",
      "States.Format('unterminated)",
      "States.ArrayLength($.missing)",
      "States.Hash($.input, 'CRC32')",
      "States.ArrayRange(1, 2000, 1)",
  })
  void evaluate_whenInvalid_failsWithIntrinsicFailure(String expression) {
    assertThatThrownBy(() -> eval(expression))
        .isInstanceOfSatisfying(StatesException.class,
            e -> assertThat(e.error()).isEqualTo(StatesException.INTRINSIC_FAILURE));
  }
}
