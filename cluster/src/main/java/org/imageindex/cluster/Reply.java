package org.imageindex.cluster;

import java.io.IOException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * One answer of the cluster: HTTP status and body text.
 *
 * @param status   the HTTP status
 * @param body     the body, empty when there was none
 * @param repeated the request was sent more than once because an earlier attempt's answer was
 *                 lost (connection reset, response timeout): that attempt may have been applied,
 *                 so a write's "exists already" may be this client's own earlier attempt
 */
record Reply(int status, String body, boolean repeated) {

    private static final ObjectMapper JSON = new ObjectMapper();

    Reply(int status, String body) {
        this(status, body, false);
    }

    JsonNode json() {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new IllegalStateException("the cluster answered with text that is not JSON: " + body, e);
        }
    }

    IllegalStateException failure(String what) {
        return new IllegalStateException(what + " failed: the cluster answered " + status + ": "
                + (body.length() > 2000 ? body.substring(0, 2000) + "…" : body));
    }
}
