package io.pagekeys.adapters.persistence;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import java.util.Set;

/**
 * The password of the embedded server's superuser, kept in a file of its data directory that only the
 * owner of the directory may read (0600, in a directory of 0700). Nothing here puts the password in a
 * message.
 */
final class PasswordFile {

    /** The file's name in the data directory. */
    static final String NAME = "pagekeys-password";

    static final Set<PosixFilePermission> OWNER_ONLY_FILE = PosixFilePermissions.fromString("rw-------");
    static final Set<PosixFilePermission> OWNER_ONLY_DIRECTORY = PosixFilePermissions.fromString("rwx------");

    /** 32 bytes, 256 bits of entropy, in 43 URL-safe Base64 characters (no quoting needed anywhere). */
    private static final int PASSWORD_BYTES = 32;

    private static final SecureRandom RANDOM = new SecureRandom();

    private PasswordFile() {}

    /** A new random password. */
    static String newPassword() {
        byte[] bytes = new byte[PASSWORD_BYTES];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /**
     * The password kept in {@code directory}, or empty when it keeps none (a directory made by a version
     * that trusted every local user). Group and other permissions found on the file are taken away.
     */
    static Optional<String> read(Path directory) {
        Path file = directory.resolve(NAME);
        try {
            String password = Files.readString(file, StandardCharsets.US_ASCII).strip();
            if (password.isEmpty()) {
                return Optional.empty();
            }
            restrict(file, OWNER_ONLY_FILE);
            return Optional.of(password);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the password file of " + directory, e);
        }
    }

    /**
     * Keeps {@code password} in {@code directory}: written to a new file that is owner-only from its
     * creation, flushed, then moved over the old one in one step, so a crash leaves the old password or
     * the new one, never half of one.
     */
    static void write(Path directory, String password) {
        Path file = directory.resolve(NAME);
        Path fresh = directory.resolve(NAME + ".new");
        try {
            Files.deleteIfExists(fresh);
            writeOwnerOnly(fresh, password);
            Files.move(fresh, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the password file of " + directory, e);
        }
    }

    /** A new owner-only file holding {@code password} on one line; for initdb's {@code --pwfile}. */
    static void writeOwnerOnly(Path file, String password) throws IOException {
        if (posix(file.getParent())) {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(OWNER_ONLY_FILE));
        } else {
            Files.createFile(file);
        }
        restrict(file, OWNER_ONLY_FILE);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
            channel.write(StandardCharsets.US_ASCII.encode(password + "\n"));
            channel.force(true);
        }
    }

    /** Sets {@code permissions} on {@code path} where the file system has POSIX permissions. */
    static void restrict(Path path, Set<PosixFilePermission> permissions) throws IOException {
        if (posix(path) && !Files.getPosixFilePermissions(path).equals(permissions)) {
            Files.setPosixFilePermissions(path, permissions);
        }
    }

    private static boolean posix(Path path) {
        return Files.getFileAttributeView(path, PosixFileAttributeView.class) != null;
    }
}
