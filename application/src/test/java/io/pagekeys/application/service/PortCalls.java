package io.pagekeys.application.service;

import static java.util.Objects.requireNonNull;

import io.pagekeys.application.memory.InMemoryStore;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The calls the services make to the driven ports a test watches, in order: for what the store's state
 * alone cannot show, such as which reads take a lock, how often the acting key is read, and whether a
 * use is recorded inside a unit of work or after it. The watched port passes every call on unchanged.
 */
final class PortCalls {

    /** One call: the port's simple name, the method, its arguments, and whether a unit of work was running. */
    record Call(String port, String method, List<Object> arguments, boolean insideUnitOfWork) {}

    private final InMemoryStore store;
    private final List<Call> calls = new CopyOnWriteArrayList<>();

    PortCalls(InMemoryStore store) {
        this.store = requireNonNull(store, "store is null");
    }

    /** {@code target}, with every call of a method of {@code port} recorded before it is passed on. */
    <P> P watch(Class<P> port, P target) {
        requireNonNull(target, "target is null");
        return port.cast(Proxy.newProxyInstance(port.getClassLoader(), new Class<?>[] {port}, (proxy, method, arguments) -> {
            List<Object> passed = arguments == null ? List.of() : Arrays.asList(arguments);
            if (method.getDeclaringClass() != Object.class) {
                calls.add(new Call(port.getSimpleName(), method.getName(), passed, store.inUnitOfWork()));
            }
            try {
                return method.invoke(target, arguments);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        }));
    }

    /** The calls of {@code method} of the port named {@code port} so far, in order. */
    List<Call> of(String port, String method) {
        return calls.stream().filter(call -> call.port().equals(port) && call.method().equals(method)).toList();
    }

    /** The calls so far that name {@code argument} among their arguments, in order. */
    List<Call> naming(Object argument) {
        return calls.stream().filter(call -> call.arguments().contains(argument)).toList();
    }

    /** Forgets the calls so far, so that a test looks at the use case it runs next only. */
    void forget() {
        calls.clear();
    }
}
