/** The local cloud's Lambda: functions whose Java handlers run in-process, and Lambda's Invoke API. */
package dev.mirrorflow.local.lambda;
