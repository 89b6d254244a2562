package dev.mirrorflow.local.sfn;

/** Standard (durable, listable, history) or Express (short, may run synchronously). */
public enum StateMachineType {
  STANDARD,
  EXPRESS
}
