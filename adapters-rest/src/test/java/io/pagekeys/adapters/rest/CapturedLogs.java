package io.pagekeys.adapters.rest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;
import org.slf4j.ILoggerFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

/**
 * Everything the process logs, or prints, while open: standard output and standard error are captured,
 * and every logger is made to speak at least at the level chosen for its name, whatever the test
 * configuration says (it says {@code warn}, under which a test of what is logged would see nothing).
 * Closing puts the streams and the levels back.
 *
 * <p>The tests log through slf4j-simple, whose levels are fixed when each logger is made; they are
 * changed here through its fields. When the binding is another, this fails rather than capture nothing.
 */
final class CapturedLogs implements AutoCloseable {

    private static final String SIMPLE_FACTORY = "org.slf4j.simple.SimpleLoggerFactory";
    private static final String SIMPLE_LOGGER = "org.slf4j.simple.SimpleLogger";

    private final ByteArrayOutputStream captured = new ByteArrayOutputStream();
    private final PrintStream standardOut = System.out;
    private final PrintStream standardError = System.err;
    private final Map<Logger, Integer> levelsBefore = new HashMap<>();
    private final Object configuration;
    private final int defaultLevelBefore;

    private CapturedLogs(Function<String, Level> levels) {
        try {
            ILoggerFactory factory = LoggerFactory.getILoggerFactory();
            assertThat(factory.getClass().getName()).as("the logging binding these tests can capture").isEqualTo(SIMPLE_FACTORY);
            Class<?> loggerClass = Class.forName(SIMPLE_LOGGER, true, factory.getClass().getClassLoader());
            Field current = accessible(loggerClass, "currentLogLevel");
            Field configurationField = accessible(loggerClass, "CONFIG_PARAMS");
            configuration = configurationField.get(null);
            Field defaultLevel = accessible(configuration.getClass(), "defaultLogLevel");
            defaultLevelBefore = defaultLevel.getInt(configuration);
            // Loggers made while capturing (a class loaded for the first time) speak at least at the
            // level of the root.
            defaultLevel.setInt(configuration, Math.min(defaultLevelBefore, levels.apply("").toInt()));
            @SuppressWarnings("unchecked")
            Map<String, Logger> loggers = (Map<String, Logger>) accessible(factory.getClass(), "loggerMap").get(factory);
            for (Map.Entry<String, Logger> logger : loggers.entrySet()) {
                if (loggerClass.isInstance(logger.getValue())) {
                    int before = current.getInt(logger.getValue());
                    levelsBefore.put(logger.getValue(), before);
                    current.setInt(logger.getValue(), Math.min(before, levels.apply(logger.getKey()).toInt()));
                }
            }
        } catch (ReflectiveOperationException e) {
            throw new AssertionError("cannot set the levels of slf4j-simple's loggers", e);
        }
        PrintStream capture = new PrintStream(captured, true, StandardCharsets.UTF_8);
        System.setOut(capture);
        System.setErr(capture);
    }

    /** Captures with every logger at least at the level {@code levels} gives for its name ("" for the root). */
    static CapturedLogs start(Function<String, Level> levels) {
        return new CapturedLogs(levels);
    }

    /** What was logged or printed so far. */
    String text() {
        System.out.flush();
        System.err.flush();
        return captured.toString(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        System.setOut(standardOut);
        System.setErr(standardError);
        try {
            Field current = accessible(Class.forName(SIMPLE_LOGGER, true, configuration.getClass().getClassLoader()), "currentLogLevel");
            Class<?> loggerClass = current.getDeclaringClass();
            for (Map.Entry<Logger, Integer> logger : levelsBefore.entrySet()) {
                current.setInt(logger.getKey(), logger.getValue());
            }
            accessible(configuration.getClass(), "defaultLogLevel").setInt(configuration, defaultLevelBefore);
            // A logger made while capturing gets the level it would have had without the capture.
            Method configured = loggerClass.getDeclaredMethod("recursivelyComputeLevelString");
            configured.setAccessible(true);
            Method toLevel = configuration.getClass().getDeclaredMethod("stringToLevel", String.class);
            toLevel.setAccessible(true);
            ILoggerFactory factory = LoggerFactory.getILoggerFactory();
            @SuppressWarnings("unchecked")
            Map<String, Logger> loggers = (Map<String, Logger>) accessible(factory.getClass(), "loggerMap").get(factory);
            for (Logger logger : loggers.values()) {
                if (loggerClass.isInstance(logger) && !levelsBefore.containsKey(logger)) {
                    String level = (String) configured.invoke(logger);
                    current.setInt(logger, level == null ? defaultLevelBefore : (int) toLevel.invoke(null, level));
                }
            }
        } catch (ReflectiveOperationException e) {
            throw new AssertionError("cannot put back the levels of slf4j-simple's loggers", e);
        }
    }

    private static Field accessible(Class<?> type, String name) throws NoSuchFieldException {
        Field field = type.getDeclaredField(name);
        field.setAccessible(true);
        return field;
    }
}
