package io.benchfleet.manager.partition;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.DataAccessException;

class RepositoryOutageTest {

    /** A clock the test moves by hand. */
    private static final class MovingClock extends Clock {
        Instant now = Instant.parse("2026-12-02T02:00:00Z");

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    private final MovingClock clock = new MovingClock();
    private final RepositoryOutage outage = new RepositoryOutage(Duration.ofMinutes(5), Duration.ofSeconds(2), clock);

    private static DataAccessException connectionLost() {
        return new DataAccessResourceFailureException("connection lost", new SQLException("terminating connection",
                "57P01"));
    }

    @Test
    void aRestartingDatabaseIsToleratedWithinTheLimit() {
        outage.tolerate(connectionLost());
        clock.now = clock.now.plus(Duration.ofMinutes(4));

        assertThatCode(() -> outage.tolerate(connectionLost())).doesNotThrowAnyException();
    }

    @Test
    void aDatabaseUnreachableForLongerThanTheLimitFailsTheManagerStep() {
        outage.tolerate(connectionLost());
        clock.now = clock.now.plus(Duration.ofMinutes(5)).plusSeconds(1);

        assertThatThrownBy(() -> outage.tolerate(connectionLost())).hasMessage("connection lost");
    }

    @Test
    void theLimitCountsAgainFromTheNextOutageOnceTheDatabaseAnswered() {
        outage.tolerate(connectionLost());
        clock.now = clock.now.plus(Duration.ofMinutes(4));
        outage.over();
        clock.now = clock.now.plus(Duration.ofMinutes(4));
        outage.tolerate(connectionLost());
        clock.now = clock.now.plus(Duration.ofMinutes(4));

        assertThatCode(() -> outage.tolerate(connectionLost())).doesNotThrowAnyException();
    }

    @Test
    void aFailureThatIsNotAnOutageIsNotTolerated() {
        DataIntegrityViolationException broken = new DataIntegrityViolationException("duplicate key");

        assertThatThrownBy(() -> outage.tolerate(broken)).isSameAs(broken);
    }
}
