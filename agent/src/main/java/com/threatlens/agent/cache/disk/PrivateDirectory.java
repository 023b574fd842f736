package com.threatlens.agent.cache.disk;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;

/**
 * The disk tier's directory holds the application's data (cached wiki pages, search results, the
 * arguments of the calls): it is created readable by its owner only, and an existing one that
 * another user owns, or that others may write to, is refused (the default lives under the shared
 * temporary directory, where anyone could have created it first).
 */
final class PrivateDirectory {

    private static final Set<PosixFilePermission> OTHERS_WRITE = EnumSet.of(
        PosixFilePermission.GROUP_WRITE, PosixFilePermission.OTHERS_WRITE);

    private PrivateDirectory() {
    }

    /** Creates {@code directory} if missing; null when it is fit to use, else why not. */
    static String prepare(Path directory) throws IOException {
        boolean posix = directory.getFileSystem().supportedFileAttributeViews().contains("posix");
        if (Files.notExists(directory, LinkOption.NOFOLLOW_LINKS)) {
            Path parent = directory.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            if (posix) {
                Files.createDirectory(directory, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            } else {
                Files.createDirectory(directory);
            }
            return null;
        }
        if (Files.isSymbolicLink(directory) || !Files.isDirectory(directory, LinkOption.NOFOLLOW_LINKS)) {
            return directory + " is not a directory (a link or a file); the disk tier needs a directory of its own";
        }
        if (posix) {
            PosixFileAttributeView view = Files.getFileAttributeView(directory, PosixFileAttributeView.class,
                LinkOption.NOFOLLOW_LINKS);
            String owner = view.getOwner().getName();
            String me = System.getProperty("user.name");
            if (me != null && !owner.equals(me)) {
                return directory + " belongs to " + owner + ", not to " + me + "; choose another cache.disk.directory";
            }
            Set<PosixFilePermission> permissions = view.readAttributes().permissions();
            if (permissions.stream().anyMatch(OTHERS_WRITE::contains)) {
                return directory + " may be written by other users (" + PosixFilePermissions.toString(permissions)
                    + "); make it private (chmod 700) or choose another cache.disk.directory";
            }
        }
        return null;
    }
}
