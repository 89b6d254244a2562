package dev.mirrorflow.activities.scan;

import java.time.Instant;

/**
 * A RUNNING reconcile-vpc execution, as ListExecutions lists it.
 *
 * @param name the execution's name, {@code <vpcId>-...}
 * @param startDate when it started
 */
public record RunningReconcile(String name, Instant startDate) {}
