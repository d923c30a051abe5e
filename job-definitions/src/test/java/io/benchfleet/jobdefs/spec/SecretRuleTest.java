package io.benchfleet.jobdefs.spec;

import static io.benchfleet.jobdefs.spec.SpecTestSupport.invalid;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * One secret rule for spec files and run parameters: a secret-looking agent argument key or a credential-shaped value
 * anywhere is refused, naming the field and never the value. The credential samples follow the published formats:
 * AWS's documentation example access key id {@code AKIAIOSFODNN7EXAMPLE}, GitHub's {@code ghp_} + 36 characters,
 * Slack's {@code xoxb-} bot tokens, Anthropic's {@code sk-ant-api03-} and OpenAI's {@code sk-proj-} keys, and a PEM
 * private key header. None of them is a real credential.
 */
class SecretRuleTest {

    private static final String VALID = """
            name: secret-rule
            dataset: terminal-bench@2.0
            tasks: [fix-git]
            agent: oracle
            """;
    private static final String ANTHROPIC_KEY = "sk-ant-api03-Xk2pQ9vL7mN4bR8tY1wZ5cF3hJ6dS0aE";
    private static final String IN_SPEC = "looks like a secret, which a spec must never hold (list the environment "
            + "variable NAME under 'secrets:' instead and set its value on the workers)";

    private final BenchmarkSpecReader reader = new BenchmarkSpecReader();

    @Test
    void refusesAnApiKeyInAgentKwargsNamingTheFieldWithoutEchoingTheValue() {
        InvalidSpecException e = invalid(() -> parse(VALID + "agentKwargs: {api_key: " + ANTHROPIC_KEY + "}\n"));

        assertThat(e.problems()).containsExactly("spec.yaml: agentKwargs.api_key: " + IN_SPEC);
        assertThat(e.getMessage()).doesNotContain(ANTHROPIC_KEY).doesNotContain("sk-ant");
    }

    @Test
    void acceptsAgentKwargsThatHoldNoSecret() {
        BenchmarkSpec spec = parse(VALID + "agentKwargs: {max_turns: 200}\n");

        assertThat(spec.agentKwargs()).containsExactly(Map.entry("max_turns", "200"));
    }

    @ParameterizedTest(name = "agentKwargs key {0}")
    @ValueSource(strings = {"max_tokens", "maxTokens", "max_output_tokens", "tokenizer", "secretary_mode"})
    void acceptsAnAgentArgumentWhoseKeyOnlyContainsASecretWordInsideAnother(String key) {
        BenchmarkSpec spec = parse(VALID + "agentKwargs:\n  " + key + ": 4096\n");

        assertThat(spec.agentKwargs()).containsExactly(Map.entry(key, "4096"));
    }

    @Test
    void agentKwargsReadInAnyOrderGiveTheSameSpecSoARestartSeesTheSameDigest() {
        BenchmarkSpec one = parse(VALID + "agentKwargs: {max_turns: 200, temperature: 0, reasoning: high}\n");
        BenchmarkSpec other = parse(VALID + "agentKwargs: {reasoning: high, max_turns: 200, temperature: 0}\n");

        assertThat(one.toString()).isEqualTo(other.toString());
        assertThat(one.agentKwargs().keySet()).containsExactly("max_turns", "reasoning", "temperature");
    }

    @ParameterizedTest(name = "agentKwargs key {0}")
    @ValueSource(strings = {"token", "password", "githubToken", "OPENAI_API_KEY", "client-secret", "credentials"})
    void refusesASecretLookingAgentArgumentKeyWhateverItsValue(String key) {
        InvalidSpecException e = invalid(() -> parse(VALID + "agentKwargs:\n  " + key + ": harmless\n"));

        assertThat(e.problems()).containsExactly("spec.yaml: agentKwargs." + key + ": " + IN_SPEC);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
            "AKIAIOSFODNN7EXAMPLE",
            "ghp_aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789",
            "xoxb-1234567890-0987654321-AbCdEfGhIjKlMnOp",
            ANTHROPIC_KEY,
            "sk-proj-Xk2pQ9vL7mN4bR8tY1wZ5cF3hJ6dS0aE",
            "-----BEGIN RSA PRIVATE KEY-----",
            "-----BEGIN OPENSSH PRIVATE KEY-----"})
    void refusesACredentialShapedValueInAnyFieldWithoutEchoingIt(String credential) {
        InvalidSpecException e = invalid(() -> parse(VALID + "description: 'run with " + credential + "'\n"
                + "agentKwargs:\n  auth: '" + credential + "'\n"));

        assertThat(e.problems()).containsExactly("spec.yaml: description: " + IN_SPEC,
                "spec.yaml: agentKwargs.auth: " + IN_SPEC);
        assertThat(e.getMessage()).doesNotContain(credential);
    }

    @Test
    void refusesAnAwsAccessKeyIdListedUnderSecretsAlthoughItIsShapedLikeAName() {
        InvalidSpecException e = invalid(() -> parse(VALID + "secrets: [ANTHROPIC_API_KEY, AKIAIOSFODNN7EXAMPLE]\n"));

        assertThat(e.problems()).containsExactly("spec.yaml: secrets: item 2 looks like a secret value, not the NAME "
                + "of an environment variable (list the NAME, e.g. ANTHROPIC_API_KEY, and set its value on the "
                + "workers)");
        assertThat(e.getMessage()).doesNotContain("AKIAIOSFODNN7EXAMPLE");
    }

    @Test
    void neverEchoesASecretInTheMessageOfAnotherRule() {
        InvalidSpecException e = invalid(() -> parse(VALID.replace("terminal-bench@2.0", ANTHROPIC_KEY)
                + ANTHROPIC_KEY + ": 1\n"));

        assertThat(e.problems()).hasSize(3).noneMatch(p -> p.contains(ANTHROPIC_KEY));
        assertThat(e.problems()).contains("spec.yaml: dataset: " + IN_SPEC,
                "spec.yaml: dataset: a secret-looking text (not shown) is not valid: expected a Harbor dataset as "
                        + "name@version, e.g. terminal-bench@2.0");
    }

    @Test
    void acceptsNamesThatMerelyStartLikeACredential() {
        BenchmarkSpec spec = parse(VALID.replace("[fix-git]", "[sk-learn-fit, ghp-cache]"));

        assertThat(spec.tasks()).containsExactly("sk-learn-fit", "ghp-cache");
    }

    @Test
    void refusesACredentialGivenAsARunParameterValueWithoutEchoingIt() {
        BenchmarkSpec spec = parse(VALID);

        InvalidSpecException e = invalid(() -> SpecOverrides.apply(spec, Map.of("model", "openai/" + ANTHROPIC_KEY)));

        assertThat(e.problems()).containsExactly("parameter 'model': secrets are never job parameters (they are "
                + "stored in clear); list the environment variable NAME under 'secrets:' in the spec and set it on "
                + "the workers");
        assertThat(e.getMessage()).doesNotContain(ANTHROPIC_KEY);
    }

    @Test
    void refusesASecretLookingParameterKeyWithTheSameRuleAsAnAgentArgumentKey() {
        InvalidSpecException parameter = invalid(() -> SpecOverrides.checkKey("githubToken"));
        InvalidSpecException argument = invalid(() -> parse(VALID + "agentKwargs: {githubToken: x}\n"));

        assertThat(parameter.problems()).containsExactly("parameter 'githubToken': secrets are never job parameters "
                + "(they are stored in clear); list the environment variable NAME under 'secrets:' in the spec and "
                + "set it on the workers");
        assertThat(argument.problems()).containsExactly("spec.yaml: agentKwargs.githubToken: " + IN_SPEC);
    }

    private BenchmarkSpec parse(String yaml) {
        return reader.parse(yaml, "spec.yaml", null);
    }
}
