package io.mcpmonitor.agent.it;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;

/**
 * Builds a Spring Boot executable ("fat") jar the way Spring Boot's Maven plugin lays it out: the real
 * spring-boot-loader classes at the root, the application's classes under {@code BOOT-INF/classes/} and its
 * libraries as nested, uncompressed jars under {@code BOOT-INF/lib/}. Run with {@code java -jar}, the
 * libraries (the MCP SDK among them) are loaded by Spring Boot's nested-jar class loader.
 */
final class BootJar {

    // Directory entries written to the jar being built (one build at a time per thread).
    private static final ThreadLocal<java.util.Set<String>> WRITTEN = ThreadLocal.withInitial(java.util.HashSet::new);

    private BootJar() {
    }

    static Path build(Path target, Path loaderJar, Path classes, List<Path> libraries, String startClass) {
        Manifest manifest = new Manifest();
        Attributes main = manifest.getMainAttributes();
        main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        main.put(Attributes.Name.MAIN_CLASS, "org.springframework.boot.loader.launch.JarLauncher");
        main.putValue("Start-Class", startClass);
        main.putValue("Spring-Boot-Classes", "BOOT-INF/classes/");
        main.putValue("Spring-Boot-Lib", "BOOT-INF/lib/");
        WRITTEN.get().clear();
        try (OutputStream file = Files.newOutputStream(target);
             JarOutputStream jar = new JarOutputStream(file, manifest)) {
            try (JarFile loader = new JarFile(loaderJar.toFile())) {
                for (JarEntry e : loader.stream().toList()) {
                    if (!e.isDirectory() && !e.getName().startsWith("META-INF/")) {
                        try (InputStream in = loader.getInputStream(e)) {
                            deflated(jar, e.getName(), in.readAllBytes());
                        }
                    }
                }
            }
            try (Stream<Path> files = Files.walk(classes)) {
                for (Path f : files.filter(Files::isRegularFile).toList()) {
                    deflated(jar, "BOOT-INF/classes/" + classes.relativize(f).toString().replace('\\', '/'),
                            Files.readAllBytes(f));
                }
            }
            for (Path lib : libraries) {
                stored(jar, "BOOT-INF/lib/" + lib.getFileName(), Files.readAllBytes(lib));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return target;
    }

    private static void deflated(JarOutputStream jar, String name, byte[] bytes) throws IOException {
        directories(jar, name);
        jar.putNextEntry(new JarEntry(name));
        jar.write(bytes);
        jar.closeEntry();
    }

    /** Spring Boot's loader finds BOOT-INF/classes/ through directory entries, as the real plugin writes them. */
    private static void directories(JarOutputStream jar, String name) throws IOException {
        for (int i = name.indexOf('/'); i >= 0; i = name.indexOf('/', i + 1)) {
            String dir = name.substring(0, i + 1);
            if (WRITTEN.get().add(dir)) {
                jar.putNextEntry(new JarEntry(dir));
                jar.closeEntry();
            }
        }
    }

    /** Spring Boot requires nested jars to be stored, not compressed. */
    private static void stored(JarOutputStream jar, String name, byte[] bytes) throws IOException {
        directories(jar, name);
        JarEntry entry = new JarEntry(name);
        entry.setMethod(ZipEntry.STORED);
        entry.setSize(bytes.length);
        entry.setCompressedSize(bytes.length);
        CRC32 crc = new CRC32();
        crc.update(bytes);
        entry.setCrc(crc.getValue());
        jar.putNextEntry(entry);
        jar.write(bytes);
        jar.closeEntry();
    }
}
