package io.benchfleet.worker.docker;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.regex.Pattern;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.Image;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the images on this host under a cap ({@code benchfleet.worker.docker.image-cap}, over the images that match
 * {@code prune-images}), least recently used first.
 * Harbor's own clean-up ({@code down --rmi local}) leaves the content-addressed {@code hb__<hash>} images it builds
 * and every task image it pulled, so over a night they fill the disk.
 *
 * <p>Candidates are the images matching {@code prune-images} (glob patterns on {@code repository:tag}; an untagged
 * image is {@code <none>:<none>}), except the pre-pulled images and any image a container (running or not) uses.
 * "Recently used" is when this worker last saw the image in use (a trial's Harbor image, a container's image seen by
 * the janitor); an image it never saw in use counts from its creation. Sizes are Docker's ({@code Size}, shared
 * layers counted with each image), so the total is an upper bound.
 */
public class ImagePruner {

    private static final Logger log = LoggerFactory.getLogger(ImagePruner.class);

    private final DockerClient docker;
    private final String host;
    private final long capBytes;
    private final List<Pattern> patterns;
    private final Supplier<Set<String>> protectedImages;
    private final Clock clock;
    private final Map<String, Instant> lastUsed = new ConcurrentHashMap<>();

    /** @param protectedImages the image references never pruned (the pre-pulled images) */
    public ImagePruner(DockerClient docker, String host, long capBytes, List<String> patterns,
            Supplier<Set<String>> protectedImages, Clock clock) {
        this.docker = docker;
        this.host = host;
        this.capBytes = capBytes;
        this.patterns = patterns.stream().map(ImagePruner::glob).toList();
        this.protectedImages = protectedImages;
        this.clock = clock;
    }

    /** Records that an image (by reference or id) is in use now. */
    public void used(String imageReferenceOrId) {
        try {
            String id = docker.inspectImageCmd(imageReferenceOrId).exec().getId();
            lastUsed.put(id, clock.instant());
        } catch (RuntimeException e) {
            log.debug("image {} not inspectable: {}", imageReferenceOrId, e.getMessage());
        }
    }

    /** One image as the pruner sees it. */
    record Candidate(String id, List<String> tags, long size, Instant lastUsed) {
    }

    /** Prunes least recently used images until the total is within the cap; returns the bytes removed. */
    public long prune() {
        Listing listing = list();
        long excess = listing.totalBytes - capBytes;
        if (excess <= 0) {
            return 0;
        }
        log.info("images take {} of the {} cap: pruning the least recently used", gb(listing.totalBytes), gb(capBytes));
        return removeUntil(listing.candidates, excess);
    }

    /** Prunes least recently used images (whatever the cap) until {@code bytesWanted} are freed or none is left. */
    public long reclaim(long bytesWanted) {
        if (bytesWanted <= 0) {
            return 0;
        }
        return removeUntil(list().candidates, bytesWanted);
    }

    private long removeUntil(List<Candidate> candidates, long bytes) {
        long freed = 0;
        for (Candidate c : candidates) {
            if (freed >= bytes) {
                break;
            }
            try {
                docker.removeImageCmd(c.id()).withForce(true).exec();
                freed += c.size();
                lastUsed.remove(c.id());
                log.info("pruned image {} {} ({}, last used {})", c.tags(), c.id(), gb(c.size()), c.lastUsed());
            } catch (NotFoundException e) {
                log.debug("image {} already gone", c.id());
            } catch (ConflictException e) {
                log.debug("image {} in use, kept: {}", c.id(), DockerClients.rootMessage(e));
            } catch (RuntimeException e) {
                log.warn("could not prune image {}: {}", c.tags(), DockerClients.rootMessage(e));
            }
        }
        return freed;
    }

    private record Listing(long totalBytes, List<Candidate> candidates) {
    }

    /** Every image, its total, and the candidates for pruning, least recently used first. */
    private Listing list() {
        List<Image> images;
        List<Container> containers;
        try {
            images = docker.listImagesCmd().exec();
            containers = docker.listContainersCmd().withShowAll(true).exec();
        } catch (RuntimeException e) {
            throw DockerClients.translate(e, host);
        }
        Instant now = clock.instant();
        Set<String> inUse = new HashSet<>();
        for (Container c : containers) {
            if (c.getImageId() != null) {
                inUse.add(c.getImageId());
                lastUsed.put(c.getImageId(), now);
            }
        }
        Set<String> keep = protectedIds();
        Map<String, Candidate> byId = new LinkedHashMap<>();
        long total = 0;
        for (Image image : images) {
            if (byId.containsKey(image.getId())) {
                continue;
            }
            long size = image.getSize() == null ? 0 : image.getSize();
            List<String> tags = tags(image);
            if (!matches(tags)) {
                continue;
            }
            total += size;
            if (inUse.contains(image.getId()) || keep.contains(image.getId())) {
                continue;
            }
            Instant created = image.getCreated() == null ? Instant.EPOCH : Instant.ofEpochSecond(image.getCreated());
            byId.put(image.getId(), new Candidate(image.getId(), tags, size,
                    lastUsed.getOrDefault(image.getId(), created)));
        }
        List<Candidate> candidates = new ArrayList<>(byId.values());
        candidates.sort(Comparator.comparing(Candidate::lastUsed).thenComparing(Candidate::id));
        return new Listing(total, candidates);
    }

    private Set<String> protectedIds() {
        Set<String> ids = new HashSet<>();
        for (String ref : protectedImages.get()) {
            try {
                ids.add(docker.inspectImageCmd(ref).exec().getId());
            } catch (RuntimeException e) {
                log.debug("protected image {} not present: {}", ref, e.getMessage());
            }
        }
        return ids;
    }

    private boolean matches(List<String> tags) {
        return tags.stream().anyMatch(t -> patterns.stream().anyMatch(p -> p.matcher(t).matches()));
    }

    /** A glob on image references: {@code *} any text (slashes included), {@code ?} one character. */
    static Pattern glob(String glob) {
        StringBuilder regex = new StringBuilder();
        for (char c : glob.toCharArray()) {
            switch (c) {
                case '*' -> regex.append(".*");
                case '?' -> regex.append('.');
                default -> regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(regex.toString());
    }

    private static List<String> tags(Image image) {
        String[] tags = image.getRepoTags();
        List<String> list = tags == null ? List.of() : Arrays.stream(tags).filter(Objects::nonNull).toList();
        return list.isEmpty() ? List.of("<none>:<none>") : list;
    }

    private static String gb(long bytes) {
        return bytes >= 1e9 ? String.format(java.util.Locale.ROOT, "%.2f GB", bytes / 1e9)
                : String.format(java.util.Locale.ROOT, "%.1f MB", bytes / 1e6);
    }
}
