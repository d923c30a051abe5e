package io.benchfleet.worker.config;

import java.util.Optional;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.jdbc.autoconfigure.DataSourceProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.datasource.LazyConnectionDataSourceProxy;

/**
 * The job repository's DataSource. A trial runs for minutes inside its step's transaction; the lazy proxy takes a
 * physical connection from the Hikari pool only when the first statement runs, so a host with many slots holds
 * connections only while it actually writes, and 200 hosts do not exhaust PostgreSQL. Statements are counted
 * ({@link RepositoryStatements}) where the application has that bean: the manager, which reports its own load on the
 * database; a worker host counts nothing (a proxy on every statement it sends, read by nobody). The pool is
 * configured by {@code spring.datasource.*} and {@code spring.datasource.hikari.*} and closed with the context.
 */
@Configuration(proxyBeanMethods = false)
public class BenchfleetDataSourceConfiguration {

    /** {@code statements}: counts every statement when present (the manager), else nothing is counted. */
    @Bean
    public DataSource dataSource(DataSourceProperties properties, Environment environment,
            Optional<RepositoryStatements> statements) {
        HikariDataSource pool = properties.initializeDataSourceBuilder().type(HikariDataSource.class).build();
        Binder.get(environment).bind("spring.datasource.hikari", Bindable.ofInstance(pool));
        return new PooledLazyDataSource(pool, statements.map(s -> s.counting(pool)).orElse(pool));
    }

    /** The lazy proxy (over the statement counter, if any) that also owns (and closes) its pool. */
    static final class PooledLazyDataSource extends LazyConnectionDataSourceProxy implements AutoCloseable {
        private final HikariDataSource pool;

        PooledLazyDataSource(HikariDataSource pool, DataSource target) {
            super(target);
            this.pool = pool;
        }

        @Override
        public void close() {
            pool.close();
        }
    }
}
