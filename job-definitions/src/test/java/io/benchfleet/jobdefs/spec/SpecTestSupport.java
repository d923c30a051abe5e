package io.benchfleet.jobdefs.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.LinkedHashMap;
import java.util.Map;

import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

/** What the spec rule tests share: catching the refusal, and run parameters in the order given. */
final class SpecTestSupport {

    private SpecTestSupport() {
    }

    static InvalidSpecException invalid(ThrowingCallable call) {
        InvalidSpecException e = catchThrowableOfType(InvalidSpecException.class, call);
        assertThat(e).as("expected an InvalidSpecException").isNotNull();
        return e;
    }

    static Map<String, String> ordered(String... keysAndValues) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }
}
