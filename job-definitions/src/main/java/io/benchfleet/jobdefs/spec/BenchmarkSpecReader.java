package io.benchfleet.jobdefs.spec;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import tools.jackson.databind.node.ObjectNode;

/**
 * Reads a {@link BenchmarkSpec} from YAML and validates it, reporting every problem at once, one line each, in the
 * form {@code <file>: <field>: <what is wrong> (<what to do>)}. The steps are Jackson's and Bean Validation's: the
 * YAML is read into a tree ({@code SpecYaml}), bound to the document as written ({@code SpecBinding}), its task list
 * read ({@code TaskList}), and the resulting spec checked against the rules annotated on it ({@code SpecValidator}),
 * the same rules {@link SpecOverrides} checks run parameters against.
 */
public final class BenchmarkSpecReader {

    private static final FieldPath TASKS = FieldPath.of("tasks");
    private static final FieldPath TASK_FILE = FieldPath.of("taskFile");

    /** Reads and validates the spec at {@code file}; a {@code taskFile} is resolved relative to it. */
    public BenchmarkSpec read(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new InvalidSpecException(file + ": no such spec file (check the path given to --spec)");
        } catch (IOException e) {
            throw new InvalidSpecException(file + ": cannot read the spec file: " + e.getMessage());
        }
        return parse(text, file.toString(), file.toAbsolutePath().getParent());
    }

    /**
     * Parses spec YAML. {@code source} names the input in messages; {@code baseDir} resolves {@code taskFile}
     * (null: task files are not allowed).
     */
    public BenchmarkSpec parse(String yamlText, String source, Path baseDir) {
        ObjectNode tree = SpecYaml.readMapping(yamlText, source);
        Map<String, String> labels = new HashMap<>();
        SpecProblems problems = new SpecProblems(
                path -> path.isEmpty() ? source : source + ": " + labels.getOrDefault(path.text(), path.text()),
                path -> path.in(tree));

        SpecDocument document = SpecBinding.bind(tree, problems);
        problems.addAll(SpecValidator.validate(document));

        Optional<TaskList> taskList = problems.isSetAside(TASKS) || problems.isSetAside(TASK_FILE)
                ? Optional.empty() : TaskList.read(document, baseDir, problems);
        taskList.ifPresentOrElse(list -> labels.put(TASKS.text(), list.location()), () -> problems.setAside(TASKS));

        BenchmarkSpec spec = document.toSpec(taskList.map(TaskList::names).orElse(List.of()));
        problems.addAll(SpecValidator.validate(spec));
        if (problems.isEmpty()) {
            problems.addAll(SpecValidator.validate(spec, SpecValidator.Consistency.class));
        }
        problems.throwIfAny();
        return spec;
    }
}
