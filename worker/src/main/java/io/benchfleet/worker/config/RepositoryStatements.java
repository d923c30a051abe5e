package io.benchfleet.worker.config;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.LongAdder;

import javax.sql.DataSource;

import org.springframework.jdbc.datasource.DelegatingDataSource;

/**
 * Counts the statements this process sends to the job repository (each {@code execute*} call is one round trip; a
 * JDBC batch counts once), so the manager can tell its load on PostgreSQL: the benchmark's "manager queries per
 * second", and the check that supervising 750 partitions costs one aggregate query per interval, not 750.
 */
public final class RepositoryStatements {

    private final LongAdder count = new LongAdder();

    public long count() {
        return count.sum();
    }

    /** {@code target} with every statement of every connection counted here. */
    public DataSource counting(DataSource target) {
        return new DelegatingDataSource(target) {
            @Override
            public Connection getConnection() throws SQLException {
                return connection(super.getConnection());
            }

            @Override
            public Connection getConnection(String username, String password) throws SQLException {
                return connection(super.getConnection(username, password));
            }
        };
    }

    private Connection connection(Connection target) {
        return proxy(Connection.class, target, (method, result) -> result instanceof Statement s
                ? proxy(statementType(s), s, (m, r) -> {
                    if (m.getName().startsWith("execute")) {
                        count.increment();
                    }
                    return r;
                })
                : result);
    }

    private static Class<? extends Statement> statementType(Statement s) {
        if (s instanceof java.sql.CallableStatement) {
            return java.sql.CallableStatement.class;
        }
        return s instanceof java.sql.PreparedStatement ? java.sql.PreparedStatement.class : Statement.class;
    }

    @FunctionalInterface
    private interface AfterCall {
        Object apply(Method method, Object result);
    }

    @SuppressWarnings("unchecked")
    private static <T> T proxy(Class<? extends T> type, T target, AfterCall after) {
        InvocationHandler handler = (proxy, method, args) -> {
            if (method.getName().equals("unwrap") && args != null && args[0] instanceof Class<?> c
                    && c.isInstance(target)) {
                return target;
            }
            try {
                return after.apply(method, method.invoke(target, args));
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        };
        return (T) Proxy.newProxyInstance(RepositoryStatements.class.getClassLoader(), new Class<?>[] {type},
                handler);
    }
}
