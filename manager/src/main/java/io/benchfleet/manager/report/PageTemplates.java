package io.benchfleet.manager.report;

import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.thymeleaf.TemplateEngine;
import org.thymeleaf.context.Context;
import org.thymeleaf.templatemode.TemplateMode;
import org.thymeleaf.templateresolver.ClassLoaderTemplateResolver;

/**
 * The Thymeleaf engine behind every HTML page benchfleet writes or serves ({@code templates/*.html} on the class
 * path): report.html, the runs list of {@code serve} and its navigation bar. One engine of our own rather than Spring
 * MVC's view resolution, because the report step and {@code benchfleet report} render without a web server and
 * {@link ReportGenerator} is constructed with {@code new}; the engine is shared and caches parsed templates.
 * {@code th:text} and attribute values are HTML-escaped by Thymeleaf, so no page builds markup from data by hand.
 */
public final class PageTemplates {

    private static final TemplateEngine ENGINE = engine();

    private PageTemplates() {
    }

    /** The whole page {@code templates/<name>.html} for these variables. */
    public static String page(String name, Map<String, ?> variables) {
        return ENGINE.process(name, context(variables));
    }

    /** Only the element marked {@code th:fragment="<fragment>"} of {@code templates/<name>.html}. */
    public static String fragment(String name, String fragment, Map<String, ?> variables) {
        return ENGINE.process(name, Set.of(fragment), context(variables));
    }

    private static Context context(Map<String, ?> variables) {
        Context context = new Context(Locale.ROOT);
        variables.forEach(context::setVariable);
        return context;
    }

    private static TemplateEngine engine() {
        ClassLoaderTemplateResolver resolver = new ClassLoaderTemplateResolver(PageTemplates.class.getClassLoader());
        resolver.setPrefix("templates/");
        resolver.setSuffix(".html");
        resolver.setTemplateMode(TemplateMode.HTML);
        resolver.setCharacterEncoding("UTF-8");
        resolver.setCacheable(true);
        TemplateEngine engine = new TemplateEngine();
        engine.setTemplateResolver(resolver);
        return engine;
    }
}
