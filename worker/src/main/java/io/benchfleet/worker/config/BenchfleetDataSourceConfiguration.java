package io.benchfleet.worker.config;

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
 * ({@link RepositoryStatements}). The pool is configured by
 * {@code spring.datasource.*} and {@code spring.datasource.hikari.*} and closed with the context.
 */
@Configuration(proxyBeanMethods = false)
public class BenchfleetDataSourceConfiguration {

    @Bean
    RepositoryStatements repositoryStatements() {
        return new RepositoryStatements();
    }

    @Bean
    public DataSource dataSource(DataSourceProperties properties, Environment environment,
            RepositoryStatements statements) {
        HikariDataSource pool = properties.initializeDataSourceBuilder().type(HikariDataSource.class).build();
        Binder.get(environment).bind("spring.datasource.hikari", Bindable.ofInstance(pool));
        return new PooledLazyDataSource(pool, statements);
    }

    /** The lazy proxy (over the statement counter) that also owns (and closes) its pool. */
    static final class PooledLazyDataSource extends LazyConnectionDataSourceProxy implements AutoCloseable {
        private final HikariDataSource pool;

        PooledLazyDataSource(HikariDataSource pool, RepositoryStatements statements) {
            super(statements.counting(pool));
            this.pool = pool;
        }

        @Override
        public void close() {
            pool.close();
        }
    }
}
