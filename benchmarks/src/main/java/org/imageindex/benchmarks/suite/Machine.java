package org.imageindex.benchmarks.suite;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * What the figures were measured on, as the report's first lines state it.
 *
 * @param cpu         the processor's model name
 * @param cores       processors the JVM may use
 * @param memoryBytes physical memory
 * @param os          operating system, release and architecture
 * @param jdk         JDK vendor, runtime version and VM
 * @param date        when the run started (UTC)
 */
record Machine(String cpu, int cores, long memoryBytes, String os, String jdk, Instant date) {

    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    /** This machine, now. */
    static Machine current() {
        long memory = ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                ? os.getTotalMemorySize() : -1;
        return new Machine(cpuModel(), Runtime.getRuntime().availableProcessors(), memory, osName(),
                System.getProperty("java.vendor") + " " + System.getProperty("java.runtime.version") + " ("
                        + System.getProperty("java.vm.name") + ")",
                Instant.now());
    }

    /** The system load average over the last minute, or -1 where the platform does not tell. */
    static double loadAverage() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    /**
     * The model name with what a virtualised name hides: family and model, clock, the widest SIMD
     * the Vector API can use, and whether it is a virtual machine.
     */
    private static String cpuModel() {
        Map<String, String> cpu = new LinkedHashMap<>();
        for (String line : lines(Path.of("/proc/cpuinfo"))) {
            int colon = line.indexOf(':');
            if (line.isBlank()) {
                break; // the first processor describes them all
            }
            if (colon > 0) {
                cpu.put(line.substring(0, colon).trim(), line.substring(colon + 1).trim());
            }
        }
        String name = cpu.get("model name");
        if (name == null) {
            return System.getProperty("os.arch") + " processor";
        }
        List<String> details = new ArrayList<>();
        if (cpu.containsKey("cpu family") && cpu.containsKey("model")) {
            details.add("family " + cpu.get("cpu family") + ", model " + cpu.get("model"));
        }
        if (cpu.containsKey("cpu MHz")) {
            details.add(String.format(Locale.ROOT, "%.1f GHz", Double.parseDouble(cpu.get("cpu MHz")) / 1000));
        }
        List<String> flags = List.of(cpu.getOrDefault("flags", "").split(" "));
        details.add(flags.contains("avx512f") ? "AVX-512" : flags.contains("avx2") ? "AVX2" : "no AVX2");
        if (flags.contains("hypervisor")) {
            details.add("virtual machine");
        }
        return name + " (" + String.join("; ", details) + ")";
    }

    private static String osName() {
        String pretty = null;
        for (String line : lines(Path.of("/etc/os-release"))) {
            if (line.startsWith("PRETTY_NAME=")) {
                pretty = line.substring("PRETTY_NAME=".length()).replace("\"", "");
            }
        }
        String kernel = System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch");
        return pretty == null ? kernel : pretty + ", " + kernel;
    }

    private static List<String> lines(Path p) {
        try {
            return Files.isReadable(p) ? Files.readAllLines(p) : List.of();
        } catch (IOException e) {
            return List.of();
        }
    }

    /** One line for the report. */
    String describe() {
        return String.format(Locale.ROOT, "%s, %d cores, %s memory; %s; %s; started %s", cpu, cores,
                memoryBytes > 0 ? String.format(Locale.ROOT, "%.0f GiB", memoryBytes / (double) (1L << 30)) : "unknown",
                os, jdk, DAY.format(date));
    }

    void store(Properties p) {
        p.setProperty("machine.cpu", cpu);
        p.setProperty("machine.cores", Integer.toString(cores));
        p.setProperty("machine.memory", Long.toString(memoryBytes));
        p.setProperty("machine.os", os);
        p.setProperty("machine.jdk", jdk);
        p.setProperty("machine.date", date.toString());
    }

    /** The machine stored by {@link #store}, or null if none was. */
    static Machine load(Properties p) {
        if (p.getProperty("machine.cpu") == null) {
            return null;
        }
        return new Machine(p.getProperty("machine.cpu"), Integer.parseInt(p.getProperty("machine.cores", "0")),
                Long.parseLong(p.getProperty("machine.memory", "-1")), p.getProperty("machine.os", "?"),
                p.getProperty("machine.jdk", "?"), Instant.parse(p.getProperty("machine.date")));
    }
}
