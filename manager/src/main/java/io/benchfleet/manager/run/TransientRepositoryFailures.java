package io.benchfleet.manager.run;

import java.sql.SQLException;

import org.springframework.dao.DataAccessException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.RecoverableDataAccessException;
import org.springframework.dao.TransientDataAccessException;

/**
 * Job repository failures worth retrying: the connection broke or the server is restarting / failing over (SQLSTATE
 * classes 08 and 57P). After a PostgreSQL restart every pooled connection fails once before Hikari replaces it.
 */
public final class TransientRepositoryFailures {

    private TransientRepositoryFailures() {
    }

    public static boolean isTransient(DataAccessException e) {
        if (e instanceof TransientDataAccessException || e instanceof RecoverableDataAccessException
                || e instanceof DataAccessResourceFailureException) {
            return true;
        }
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLException sql && sql.getSQLState() != null
                    && (sql.getSQLState().startsWith("08") || sql.getSQLState().startsWith("57P"))) {
                return true;
            }
        }
        return false;
    }
}
