package com.threatlens.sidecar;

/** The sidecar could not start; the message is one line for the operator. */
public final class SidecarStartException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public SidecarStartException(String message) {
        super(message);
    }
}
