package io.tcplens.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.tcplens.testing.TestPaths;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The launcher script {@code ./tcplens} run through symbolic links, as it is when linked onto the
 * PATH. It runs in a copy of the project's layout with a stand-in JDK (a {@code bin/java} script
 * that prints its arguments), so the test neither builds nor starts a JVM and cannot touch the
 * real jar: what it checks is which jar the launcher hands to java, and that it leaves nothing
 * beside the link.
 */
class LauncherTest {

    @TempDir
    Path tmp;

    private Path project;

    private void layout() throws IOException {
        assumeTrue(Files.isExecutable(Path.of("/bin/bash")) || TestPaths.onPath("bash"), "needs bash");
        project = tmp.resolve("checkout");
        Files.createDirectories(project.resolve("tcplens-cli/target"));
        Files.copy(TestPaths.root().resolve("tcplens"), project.resolve("tcplens"));
        executable(project.resolve("tcplens"));
        // an up-to-date jar: no sources or POM in this tree are newer, so the launcher does not build
        Files.writeString(project.resolve("tcplens-cli/target/tcplens.jar"), "stand-in");
        Path jdk = tmp.resolve("jdk");
        Files.createDirectories(jdk.resolve("bin"));
        Files.writeString(jdk.resolve("release"), "JAVA_VERSION=\"25.0.1\"\n");
        Files.writeString(jdk.resolve("bin/java"), "#!/bin/sh\necho \"java $*\"\n");
        executable(jdk.resolve("bin/java"));
    }

    private static void executable(Path p) throws IOException {
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    /** Runs {@code command --version} from {@code cwd}; returns stdout + stderr, asserting exit 0. */
    private String run(Path command, Path cwd) throws Exception {
        return run(command, cwd, "--version");
    }

    /** Runs {@code command args...} from {@code cwd}; returns stdout + stderr, asserting exit 0. */
    private String run(Path command, Path cwd, String... args) throws Exception {
        List<String> cmd = new java.util.ArrayList<>(List.of(command.toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(cwd.toFile()).redirectErrorStream(true);
        pb.environment().put("JAVA_HOME", tmp.resolve("jdk").toString());
        pb.environment().remove("TCPLENS_JAVA_OPTS");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return out;
    }

    @Test
    void linkedOntoThePathItRunsTheProjectsJar() throws Exception {
        layout();
        Path bin = Files.createDirectories(tmp.resolve("home/bin"));
        Files.createSymbolicLink(bin.resolve("tcplens"), project.resolve("tcplens"));
        String out = run(bin.resolve("tcplens"), tmp);
        assertThat(out).doesNotContain("build").contains("-jar " + project.resolve("tcplens-cli/target/tcplens.jar") + " --version");
        // nothing made beside the link (the old launcher left a tcplens-cli/ folder there)
        try (var s = Files.list(bin)) {
            assertThat(s.map(f -> f.getFileName().toString()).toList()).containsExactly("tcplens");
        }
    }

    @Test
    void aChainOfRelativeLinksIsFollowedToTheScript() throws Exception {
        layout();
        // bin/tl -> ../links/tcplens -> ../checkout/tcplens, each relative to its own directory
        Path links = Files.createDirectories(tmp.resolve("links"));
        Files.createSymbolicLink(links.resolve("tcplens"), Path.of("../checkout/tcplens"));
        Path bin = Files.createDirectories(tmp.resolve("bin"));
        Files.createSymbolicLink(bin.resolve("tl"), Path.of("../links/tcplens"));
        Path elsewhere = Files.createDirectories(tmp.resolve("elsewhere"));
        String out = run(bin.resolve("tl"), elsewhere);
        assertThat(out).contains("-jar " + project.resolve("tcplens-cli/target/tcplens.jar") + " --version");
        try (var s = Files.list(bin)) {
            assertThat(s.toList()).hasSize(1);
        }
        try (var s = Files.list(links)) {
            assertThat(s.toList()).hasSize(1);
        }
        assertThat(List.of(elsewhere.toFile().list())).isEmpty();
    }

    /**
     * The Spark module's files as its build leaves them, up to date: the job jar, the classpath of
     * what a cluster provides, and the JVM options (the POM's spark.jvm.options).
     */
    private Path sparkLayout() throws IOException {
        Path target = Files.createDirectories(project.resolve("tcplens-spark/target"));
        Files.writeString(target.resolve("tcplens-spark-job.jar"), "stand-in");
        Files.writeString(target.resolve("spark-classpath.txt"), "/m2/spark-core_2.13-4.2.0.jar:/m2/scala-library-2.13.18.jar");
        Files.writeString(target.resolve("jvm.options"), "--add-opens=java.base/java.lang=ALL-UNNAMED --enable-native-access=ALL-UNNAMED\n");
        return target;
    }

    /** A stand-in ./mvnw that records its arguments in mvnw.log and makes what the real build makes. */
    private Path fakeMaven() throws IOException {
        Path mvnw = project.resolve("mvnw");
        Files.writeString(mvnw, """
                #!/bin/sh
                echo "mvnw $*" >>"$(dirname "$0")/mvnw.log"
                touch "$(dirname "$0")/tcplens-spark/target/tcplens-spark-job.jar" "$(dirname "$0")/tcplens-cli/target/tcplens.jar"
                """);
        executable(mvnw);
        return project.resolve("mvnw.log");
    }

    @Test
    void sparkRunsTheJobJarOnSparksClasspathWithSparksJvmOptions() throws Exception {
        layout();
        Path target = sparkLayout();
        String out = run(project.resolve("tcplens"), tmp, "spark", "conns", "-r", "x.pcap", "-o", "out");
        assertThat(out).doesNotContain("build").doesNotContain("-jar").contains("java --add-opens=java.base/java.lang=ALL-UNNAMED"
                + " --enable-native-access=ALL-UNNAMED -XX:+UseParallelGC -XX:InlineSmallCode=500 -XX:FreqInlineSize=100"
                + " -cp " + target.resolve("tcplens-spark-job.jar")
                + ":/m2/spark-core_2.13-4.2.0.jar:/m2/scala-library-2.13.18.jar io.tcplens.spark.SparkMain conns -r x.pcap -o out");
    }

    @Test
    void sparkBuildsTheSparkModuleWhenItsSourcesChangedAndOnlyThen() throws Exception {
        layout();
        Path target = sparkLayout();
        Path log = fakeMaven();
        Path source = project.resolve("tcplens-spark/src/main/java/io/tcplens/spark/SparkMain.java");
        Files.createDirectories(source.getParent());
        Files.writeString(source, "class SparkMain { }");
        java.nio.file.attribute.FileTime hourAgo = java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() - 3_600_000);
        Files.setLastModifiedTime(target.resolve("tcplens-spark-job.jar"), hourAgo);
        Files.setLastModifiedTime(project.resolve("tcplens-cli/target/tcplens.jar"), hourAgo);
        // the CLI does not depend on the Spark module: its jar is not rebuilt for it
        assertThat(run(project.resolve("tcplens"), tmp)).doesNotContain("build");
        assertThat(log).doesNotExist();
        String out = run(project.resolve("tcplens"), tmp, "spark", "--help");
        assertThat(out).contains("building the Spark module").contains("io.tcplens.spark.SparkMain --help");
        assertThat(Files.readString(log)).isEqualTo("mvnw -q -B -DskipTests package -pl tcplens-spark -am\n");
        // built: the next run does not build again
        assertThat(run(project.resolve("tcplens"), tmp, "spark", "--help")).doesNotContain("build");
        assertThat(Files.readAllLines(log)).hasSize(1);
    }
}
