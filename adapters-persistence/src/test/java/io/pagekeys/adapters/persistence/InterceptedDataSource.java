package io.pagekeys.adapters.persistence;

import static java.util.Objects.requireNonNull;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;

/**
 * A data source whose connections are its delegate's behind a proxy that records what is asked of them:
 * the SQL of every statement prepared, and the calls that end or abandon a transaction. It can make
 * {@code rollback()} fail without rolling back, as a connection whose network broke would, to see what
 * the caller then does with the transaction left open.
 */
final class InterceptedDataSource {

    private final DataSource delegate;
    private final List<String> statements = new CopyOnWriteArrayList<>();
    private final List<String> calls = new CopyOnWriteArrayList<>();
    private final AtomicBoolean rollbackFails = new AtomicBoolean();

    InterceptedDataSource(DataSource delegate) {
        this.delegate = requireNonNull(delegate, "delegate is null");
    }

    /** The data source to hand to the code under test. */
    DataSource dataSource() {
        return (DataSource) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {DataSource.class},
                (proxy, method, arguments) -> {
                    Object result = invoke(delegate, method, arguments);
                    return result instanceof Connection connection ? intercepted(connection) : result;
                });
    }

    /** From now on, every {@code rollback()} without savepoint throws and leaves the transaction open. */
    void failRollbacks() {
        rollbackFails.set(true);
    }

    /** The SQL of every statement prepared so far, in order. */
    List<String> statements() {
        return List.copyOf(statements);
    }

    /** The calls of {@code commit}, {@code rollback}, {@code setAutoCommit}, {@code abort} and {@code close}, in order. */
    List<String> calls() {
        return List.copyOf(calls);
    }

    void forget() {
        statements.clear();
        calls.clear();
    }

    private Connection intercepted(Connection connection) {
        return (Connection) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Connection.class},
                (proxy, method, arguments) -> {
                    String name = method.getName();
                    if (name.equals("prepareStatement") || name.equals("prepareCall")) {
                        statements.add((String) arguments[0]);
                    }
                    switch (name) {
                        case "commit", "abort", "close" -> calls.add(name);
                        case "setAutoCommit" -> calls.add(name + "(" + arguments[0] + ")");
                        case "rollback" -> {
                            calls.add(arguments == null ? name : name + "(savepoint)");
                            if (arguments == null && rollbackFails.get()) {
                                throw new SQLException("the network is down (simulated)", "08006");
                            }
                        }
                        default -> {}
                    }
                    return invoke(connection, method, arguments);
                });
    }

    private static Object invoke(Object target, Method method, Object[] arguments) throws Throwable {
        try {
            return method.invoke(target, arguments);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
