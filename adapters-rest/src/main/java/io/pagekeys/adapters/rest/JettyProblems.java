package io.pagekeys.adapters.rest;

import java.nio.ByteBuffer;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * What Jetty answers by itself, before a request reaches the routes (a request line it cannot parse,
 * headers too large, an ambiguous URI), as a problem document too, without a stack trace or an echo of
 * the request.
 */
final class JettyProblems extends ErrorHandler {

    private final Problems problems;

    JettyProblems(Problems problems) {
        this.problems = problems;
        setShowStacks(false);
        setShowCauses(false);
        setShowMessageInTitle(false);
    }

    /**
     * Every method gets its problem document: left to itself, Jetty writes a body only for GET, POST and
     * HEAD, and a PUT or DELETE refused before the routes was answered with an empty body.
     */
    @Override
    public boolean errorPageForMethod(String method) {
        return true;
    }

    @Override
    protected void generateResponse(Request request, Response response, int code, String message, Throwable cause, Callback callback) {
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, Problems.CONTENT_TYPE);
        response.write(true, ByteBuffer.wrap(problems.forStatus(code)), callback);
    }

    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
        fields.put(HttpHeader.CONTENT_TYPE, Problems.CONTENT_TYPE);
        return ByteBuffer.wrap(problems.forStatus(status));
    }
}
