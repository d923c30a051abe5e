package io.benchfleet.worker.config;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

import software.amazon.awssdk.crt.CRT;
import software.amazon.awssdk.http.async.AsyncExecuteRequest;
import software.amazon.awssdk.http.async.SdkAsyncHttpClient;
import software.amazon.awssdk.utils.AttributeMap;

/**
 * A CRT HTTP client that keeps the CRT's native event loops running until it is closed. The CRT registers a JVM
 * shutdown hook that closes them, and the JVM runs that hook alongside Spring's: on SIGTERM a manager stopping its
 * runs (the dead-letter sweep, the last sends) or a worker draining would wait for ever on requests nobody would
 * complete any more. Each client holds one of the CRT's shutdown references ({@link CRT#acquireShutdownRef()}) and
 * gives it back when the SDK closes it, so the CRT shuts down after the last client, not before.
 */
final class CrtHeldOpenHttpClient implements SdkAsyncHttpClient {

    private final SdkAsyncHttpClient crt;
    private final AtomicBoolean closed = new AtomicBoolean();

    private CrtHeldOpenHttpClient(SdkAsyncHttpClient crt) {
        this.crt = crt;
    }

    /** Builds {@code crt} as the SDK asks, held open until the SDK closes it. */
    static SdkAsyncHttpClient.Builder<?> builder(SdkAsyncHttpClient.Builder<?> crt) {
        return new Builder(crt);
    }

    @Override
    public CompletableFuture<Void> execute(AsyncExecuteRequest request) {
        return crt.execute(request);
    }

    @Override
    public String clientName() {
        return crt.clientName();
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            try {
                crt.close();
            } finally {
                CRT.releaseShutdownRef();
            }
        }
    }

    private record Builder(SdkAsyncHttpClient.Builder<?> crt) implements SdkAsyncHttpClient.Builder<Builder> {

        @Override
        public SdkAsyncHttpClient buildWithDefaults(AttributeMap serviceDefaults) {
            // the reference first: once the CRT has shut down this throws before a native client is made and lost
            CRT.acquireShutdownRef();
            try {
                return new CrtHeldOpenHttpClient(crt.buildWithDefaults(serviceDefaults));
            } catch (RuntimeException e) {
                CRT.releaseShutdownRef();
                throw e;
            }
        }
    }
}
