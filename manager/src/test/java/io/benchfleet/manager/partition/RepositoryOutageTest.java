package io.benchfleet.manager.partition;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;

import io.benchfleet.worker.testing.MovingClock;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.DataIntegrityViolationException;

class RepositoryOutageTest {

    private final MovingClock clock = new MovingClock(Instant.parse("2026-12-02T02:00:00Z"));
    private final RepositoryOutage outage = new RepositoryOutage(Duration.ofMinutes(5), Duration.ofSeconds(2), clock);

    private static DataAccessException connectionLost() {
        return new DataAccessResourceFailureException("connection lost", new SQLException("terminating connection",
                "57P01"));
    }

    @Test
    void aRestartingDatabaseIsToleratedWithinTheLimit() {
        outage.tolerate(connectionLost());
        clock.advance(Duration.ofMinutes(4));

        assertThatCode(() -> outage.tolerate(connectionLost())).doesNotThrowAnyException();
    }

    @Test
    void aDatabaseUnreachableForLongerThanTheLimitFailsTheManagerStep() {
        outage.tolerate(connectionLost());
        clock.advance(Duration.ofMinutes(5).plusSeconds(1));

        assertThatThrownBy(() -> outage.tolerate(connectionLost())).hasMessage("connection lost");
    }

    @Test
    void theLimitCountsAgainFromTheNextOutageOnceTheDatabaseAnswered() {
        outage.tolerate(connectionLost());
        clock.advance(Duration.ofMinutes(4));
        outage.over();
        clock.advance(Duration.ofMinutes(4));
        outage.tolerate(connectionLost());
        clock.advance(Duration.ofMinutes(4));

        assertThatCode(() -> outage.tolerate(connectionLost())).doesNotThrowAnyException();
    }

    @Test
    void aFailureThatIsNotAnOutageIsNotTolerated() {
        DataIntegrityViolationException broken = new DataIntegrityViolationException("duplicate key");

        assertThatThrownBy(() -> outage.tolerate(broken)).isSameAs(broken);
    }
}
