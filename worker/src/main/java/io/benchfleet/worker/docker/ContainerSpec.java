package io.benchfleet.worker.docker;

import java.util.List;
import java.util.Map;

import com.github.dockerjava.api.model.Bind;

/**
 * One Harbor container, as created. {@code env} holds {@code NAME=value} entries: never log it, log
 * {@link #envNames()}.
 *
 * @param user     {@code uid:gid} Harbor runs as, null for the image's user (root)
 * @param groupAdd supplementary groups (the Docker socket's, for a non-root Harbor)
 */
public record ContainerSpec(String name, String image, List<String> argv, List<String> env,
        Map<String, String> labels, List<Bind> binds, String networkMode, String user, List<String> groupAdd) {

    /** The environment variable names (never the values). */
    public List<String> envNames() {
        return env.stream().map(e -> e.substring(0, e.indexOf('='))).toList();
    }

    @Override
    public String toString() {
        return "ContainerSpec[name=" + name + ", image=" + image + ", argv=" + argv + ", envNames=" + envNames()
                + ", labels=" + labels + ", binds=" + binds + ", networkMode=" + networkMode + ", user=" + user
                + ", groupAdd=" + groupAdd + "]";
    }
}
