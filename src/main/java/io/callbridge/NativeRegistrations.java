package io.callbridge;

import io.callbridge.api.problem.FieldError;
import io.callbridge.api.problem.Problem;
import io.callbridge.recording.Pause;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * What a native build must keep for reflection that Quarkus cannot see by itself: types the app serializes
 * with its own Jackson mapper rather than through a REST endpoint (recording pauses stored as JSON, problem
 * details written by the body-limit filter). ari4java's ARI 10 models and actions, which Jackson fills by
 * reflection, are listed in META-INF/native-image/io.callbridge/callbridge/reflect-config.json
 * (NativeRegistrationsTest keeps that list complete). The native image is built by
 * deploy/containers/app/Containerfile.native.
 */
@RegisterForReflection(targets = {Pause.class, Problem.class, FieldError.class})
public final class NativeRegistrations {

    private NativeRegistrations() {
    }
}
