package io.scaleproof.cluster.kubeconfig;

/** A pod behind a Service port, with the pod's port that the Service port targets. */
record PodPort(String pod, int port) {}
