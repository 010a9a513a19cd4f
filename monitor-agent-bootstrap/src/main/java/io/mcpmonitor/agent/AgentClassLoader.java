package io.mcpmonitor.agent;

import java.io.IOException;
import java.io.InputStream;
import java.net.MalformedURLException;
import java.net.URL;
import java.security.CodeSource;
import java.security.ProtectionDomain;
import java.security.cert.Certificate;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * The agent's isolated class loader: it defines the classes stored under {@code inst/} in the agent jar as
 * {@code .classdata} (the agent's tooling and its relocated libraries), which no other class loader can find.
 * Its parent is the platform class loader, so it sees the JDK and, through the bootstrap class path, the
 * bridge; it never sees the host's classes, and the host never sees it.
 *
 * <p>Thread-safe (parallel capable). The build drops the bundled libraries' multi-release variants, so each
 * class has exactly one entry.
 */
final class AgentClassLoader extends ClassLoader {

    static {
        registerAsParallelCapable();
    }

    private static final String PREFIX = "inst/";

    private final JarFile jar;
    private final String jarUrl;
    private final ProtectionDomain domain;

    AgentClassLoader(JarFile jar, ClassLoader parent) throws IOException {
        super("mcp-monitor-agent", parent);
        this.jar = jar;
        URL location = new java.io.File(jar.getName()).toURI().toURL();
        this.jarUrl = "jar:" + location + "!/";
        this.domain = new ProtectionDomain(new CodeSource(location, (Certificate[]) null), null, this, null);
    }

    @Override
    protected Class<?> findClass(String name) throws ClassNotFoundException {
        JarEntry entry = entry(name.replace('.', '/') + ".classdata");
        if (entry == null) {
            throw new ClassNotFoundException(name);
        }
        try (InputStream in = jar.getInputStream(entry)) {
            byte[] bytes = in.readAllBytes();
            return defineClass(name, bytes, 0, bytes.length, domain);
        } catch (IOException e) {
            throw new ClassNotFoundException(name + ": " + e.getMessage(), e);
        }
    }

    @Override
    protected URL findResource(String name) {
        String path = name.endsWith(".class") ? name + "data" : name;
        JarEntry entry = entry(path);
        if (entry == null) {
            return null;
        }
        try {
            return new URL(jarUrl + entry.getName());
        } catch (MalformedURLException e) {
            return null;
        }
    }

    @Override
    protected Enumeration<URL> findResources(String name) {
        URL url = findResource(name);
        return url == null ? Collections.emptyEnumeration() : Collections.enumeration(List.of(url));
    }

    private JarEntry entry(String path) {
        return jar.getJarEntry(PREFIX + path);
    }
}
