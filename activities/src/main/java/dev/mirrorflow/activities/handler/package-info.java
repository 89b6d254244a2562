/**
 * The Lambda steps: {@code <Step>Handler} serves {@code ${<Step>FunctionArn}} of the state machines.
 * Each parses its JSON input into a record, calls one plain class, and writes its JSON output.
 */
package dev.mirrorflow.activities.handler;
