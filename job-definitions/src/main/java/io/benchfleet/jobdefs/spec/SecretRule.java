package io.benchfleet.jobdefs.spec;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The one rule for secrets, used wherever a secret could slip in: a spec's fields (through {@link NoSecretValues})
 * and run parameters ({@link SpecOverrides#checkKey}). Specs and job parameters are stored and logged in clear, so a
 * secret belongs in the workers' environment and only its NAME in the spec's {@code secrets:} list. Whatever this
 * rule refuses is never echoed: {@link SpecProblems} also uses it to keep secret-looking text out of every message.
 */
final class SecretRule {

    /**
     * Keys that name a secret, word by word once camelCase, {@code -} and {@code .} are split like {@code _}:
     * {@code api_key}, {@code githubToken}, {@code DB_PASSWORD}, {@code private-key}, {@code dbCredentials},
     * {@code aws_secret}. Whole words only, so a limit such as {@code max_tokens} is an ordinary agent argument.
     */
    private static final Pattern SECRET_KEY = Pattern.compile(
            "(?:^|_)(?:secrets?|password|passwd|token|credentials?|apikey|(?:api|private|access|secret)_key)(?:_|$)");

    /**
     * Values shaped like the credentials a benchmark run is likely to meet: OpenAI and Anthropic API keys
     * ({@code sk-...}, {@code sk-proj-...}, {@code sk-ant-api03-...}), AWS access key ids ({@code AKIA} and 16
     * upper-case letters or digits), GitHub tokens ({@code ghp_...} and the other {@code gh?_} prefixes), Slack bot
     * and user tokens ({@code xoxb-}, {@code xoxp-}) and PEM private keys. Searched anywhere in the text, so a key
     * pasted into a description is caught too.
     */
    private static final Pattern SECRET_VALUE = Pattern.compile(
            "(?<![A-Za-z0-9])sk-[A-Za-z0-9_-]{20,}"
                    + "|(?<![A-Z0-9])AKIA[0-9A-Z]{16}(?![A-Z0-9])"
                    + "|(?<![A-Za-z0-9])gh[pousr]_[A-Za-z0-9]{20,}"
                    + "|(?<![A-Za-z0-9])xox[bp]-[A-Za-z0-9-]{10,}"
                    + "|-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY-----");

    /** Why a spec field was refused, and what to do instead. */
    static final String IN_SPEC = "looks like a secret, which a spec must never hold (list the environment variable "
            + "NAME under 'secrets:' instead and set its value on the workers)";

    /** Why a secret-looking item of {@code secrets:} was refused. */
    static final String IN_SECRETS = "item {item} looks like a secret value, not the NAME of an environment variable "
            + "(list the NAME, e.g. ANTHROPIC_API_KEY, and set its value on the workers)";

    /** Why a run parameter was refused (job parameters are stored in the job repository in clear). */
    static final String AS_PARAMETER = "secrets are never job parameters (they are stored in clear); list the "
            + "environment variable NAME under 'secrets:' in the spec and set it on the workers";

    /** How secret-looking text appears in a message instead of itself. */
    static final String HIDDEN = "a secret-looking text (not shown)";

    private SecretRule() {
    }

    static boolean isSecretKey(String key) {
        return key != null && SECRET_KEY.matcher(words(key)).find();
    }

    /** {@code githubToken} → {@code github_token}, {@code private-key} → {@code private_key}. */
    private static String words(String key) {
        return key.replaceAll("([a-z0-9])([A-Z])", "$1_$2").replaceAll("[-. ]", "_").toLowerCase(Locale.ROOT);
    }

    static boolean looksLikeSecret(String value) {
        return value != null && SECRET_VALUE.matcher(value).find();
    }

    /** Whether an agent argument would put a secret into the spec, by its key or by its value. */
    static boolean isSecretArgument(String key, String value) {
        return isSecretKey(key) || looksLikeSecret(key) || looksLikeSecret(value);
    }
}
