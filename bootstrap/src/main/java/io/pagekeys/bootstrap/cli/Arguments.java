package io.pagekeys.bootstrap.cli;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The options of one CLI command: {@code --name value}, {@code --name=value}, and flags such as
 * {@code --json}. Refuses unknown options, repeated options, missing values and stray words.
 */
final class Arguments {

    private final Map<String, String> values;
    private final Set<String> flags;

    private Arguments(Map<String, String> values, Set<String> flags) {
        this.values = values;
        this.flags = flags;
    }

    /**
     * Reads {@code words} (the command line after the command name).
     *
     * @throws UsageException naming the first word that does not fit
     */
    static Arguments parse(List<String> words, Set<String> options, Set<String> knownFlags) {
        Map<String, String> values = new LinkedHashMap<>();
        Set<String> flags = new HashSet<>();
        for (int i = 0; i < words.size(); i++) {
            String word = words.get(i);
            if (!word.startsWith("--") || word.length() == 2) {
                throw new UsageException("unexpected argument '" + word + "'");
            }
            String name = word.substring(2);
            String value = null;
            int equals = name.indexOf('=');
            if (equals >= 0) {
                value = name.substring(equals + 1);
                name = name.substring(0, equals);
            }
            if (knownFlags.contains(name)) {
                if (value != null) {
                    throw new UsageException("--" + name + " takes no value");
                }
                flags.add(name);
                continue;
            }
            if (!options.contains(name)) {
                throw new UsageException("unknown option --" + name);
            }
            if (value == null) {
                if (i + 1 >= words.size() || words.get(i + 1).startsWith("--")) {
                    throw new UsageException("--" + name + " needs a value");
                }
                value = words.get(++i);
            }
            if (values.putIfAbsent(name, value) != null) {
                throw new UsageException("--" + name + " is given twice");
            }
        }
        return new Arguments(values, flags);
    }

    Optional<String> optional(String name) {
        return Optional.ofNullable(values.get(name));
    }

    String required(String name) {
        return optional(name).orElseThrow(() -> new UsageException("--" + name + " is required"));
    }

    boolean flag(String name) {
        return flags.contains(name);
    }
}
