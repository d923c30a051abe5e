package io.benchfleet.manager.report.notify;

import java.net.URI;
import java.net.http.HttpClient;

import io.benchfleet.jobdefs.Json;
import org.springframework.http.MediaType;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.web.client.RestClient;

/**
 * POSTs a run's notice as Slack-compatible JSON ({@link RunNotice#slackMessage}) to a webhook, with Spring's
 * {@link RestClient}; a status other than 2xx is an error. The URL is never logged: a Slack webhook URL is a secret.
 */
public class WebhookNotifier {

    private final RestClient rest;

    public WebhookNotifier(NotifyProperties properties) {
        JdkClientHttpRequestFactory factory = new JdkClientHttpRequestFactory(HttpClient.newBuilder()
                .connectTimeout(properties.timeout()).followRedirects(HttpClient.Redirect.NEVER).build());
        factory.setReadTimeout(properties.timeout());
        this.rest = RestClient.builder().requestFactory(factory).build();
    }

    /** Posts; a refused connection or a non-2xx answer is thrown to the caller (who logs it). */
    public void post(String url, RunNotice notice, String link) {
        rest.post().uri(URI.create(url)).contentType(MediaType.APPLICATION_JSON)
                .body(Json.MAPPER.writeValueAsString(notice.slackMessage(link)))
                .retrieve().toBodilessEntity();
    }

    /** Where a webhook URL points, for logs: its scheme and host only. */
    static String host(String url) {
        try {
            URI uri = URI.create(url);
            return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort());
        } catch (IllegalArgumentException e) {
            return "(an unparsable URL)";
        }
    }
}
