package io.benchfleet.manager.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The bar serve puts at the top of a served report.html. */
class ServeNavBarTest {

    @Test
    void isOneElementOnOneLineWithLinksBackToTheRunsAndToTheRunsFiles() {
        String bar = RunsController.navBar(42);

        assertThat(bar).startsWith("<div id=\"serve-nav\" style=\"").endsWith("</div></div>").doesNotContain("\n")
                .contains("<a href=\"/\" style=\"color:#cbd2d9;text-decoration:none\">&larr; benchfleet runs</a>")
                .contains("<a href=\"/runs/42/report.json\"").contains("<a href=\"/runs/42/trials.csv\"")
                .doesNotContain(" th:");
    }
}
