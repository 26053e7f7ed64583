package example.broken.adapters.web;

/** Breaks "no class but Main accesses the standard streams". */
public class ConsolePrinter {

    void print(String line) {
        System.out.println(line);
    }
}
