package example.broken.bootstrap;

/** The wiring of the broken example. */
public class Wiring {

    public static String JDBC_URL = "jdbc:postgresql://localhost/example";
}
