package dev.mip.maven;

import dev.mip.io.AtomicFiles;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** Zips a directory reproducibly (sorted entries, fixed times), written atomically. */
final class DirectoryZip {
    private static final FileTime EPOCH = FileTime.fromMillis(315532800000L); // 1980-01-01, the zip format's first date

    private DirectoryZip() {}

    static void write(Path dir, Path zip) throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.walk(dir)) {
            files = s.filter(Files::isRegularFile).sorted().toList();
        }
        AtomicFiles.write(zip, out -> zip(dir, files, out));
    }

    private static void zip(Path dir, List<Path> files, OutputStream out) throws IOException {
        try (ZipOutputStream z = new ZipOutputStream(out)) {
            for (Path f : files) {
                ZipEntry e = new ZipEntry(dir.getFileName() + "/" + dir.relativize(f).toString().replace('\\', '/'));
                e.setLastModifiedTime(EPOCH);
                z.putNextEntry(e);
                Files.copy(f, z);
                z.closeEntry();
            }
        }
    }
}
