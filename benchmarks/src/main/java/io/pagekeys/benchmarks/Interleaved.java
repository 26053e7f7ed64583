package io.pagekeys.benchmarks;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The warm verification against one SHA-256 of the token, measured in turns: a slice of a few
 * milliseconds of each, one after the other, many times over, and the ratio taken slice by slice. On
 * a virtual machine whose host takes a varying share of its time (steal time of 10-60% is common on
 * the machine of docs/benchmarks.md), JMH's runs of one benchmark after the other compare times taken
 * seconds apart under different loads; slices taken milliseconds apart share their conditions, and the
 * median of their ratios is stable where the JMH ratio is not. It complements JMH, which stays the
 * reference for the times themselves.
 *
 * <p>Run: {@code java -cp benchmarks/target/benchmarks.jar io.pagekeys.benchmarks.Interleaved [seconds [parts]]}
 * (default 60 s of measurement after 20 s of warm-up; with {@code parts}, the parts of
 * {@link VerifyPartsBenchmark} in the same turns). Prints, per operation, the median time per
 * operation over the slices and its quartiles, and for each the median ratio to the SHA-256.
 */
public final class Interleaved {

    private static final long SLICE_NANOS = TimeUnit.MILLISECONDS.toNanos(5);

    private record Operation(String name, Loop loop) {}

    /**
     * {@code n} operations in a row. Each operation has a class of its own, so that, as in JMH's
     * generated code, its loop is compiled for it alone, with its call inlined where the compiler can.
     */
    private abstract static class Loop {
        abstract void run(int n, Blackhole blackhole);
    }

    private Interleaved() {}

    public static void main(String[] args) throws Exception {
        long seconds = args.length > 0 ? Long.parseLong(args[0]) : 60;
        boolean parts = args.length > 1 && args[1].equals("parts");
        VerifyBenchmark verify = new VerifyBenchmark();
        VerifyPartsBenchmark part = new VerifyPartsBenchmark();
        verify.world();
        if (parts) {
            part.world();
        }
        try {
            List<Operation> operations = new ArrayList<>();
            operations.add(new Operation("sha256OfTheToken", new Loop() {
                @Override
                void run(int n, Blackhole blackhole) {
                    for (int k = 0; k < n; k++) {
                        blackhole.consume(verify.sha256OfTheToken());
                    }
                }
            }));
            operations.add(new Operation("verifyWarm", new Loop() {
                @Override
                void run(int n, Blackhole blackhole) {
                    for (int k = 0; k < n; k++) {
                        blackhole.consume(verify.verifyWarm());
                    }
                }
            }));
            if (parts) {
                operations.addAll(partsOf(part));
            }
            Blackhole blackhole = new Blackhole(
                    "Today's password is swordfish. I understand instantiating Blackholes directly is dangerous.");
            int[] batch = new int[operations.size()];
            Arrays.fill(batch, 1_000);
            // Warm-up: the same turns, unrecorded, sizing each batch to about one slice.
            turns(operations, batch, blackhole, TimeUnit.SECONDS.toNanos(20), null);
            List<double[]> slices = new ArrayList<>();
            turns(operations, batch, blackhole, TimeUnit.SECONDS.toNanos(seconds), slices);
            report(operations, slices);
        } finally {
            verify.stop();
            if (parts) {
                part.stop();
            }
        }
    }

    /** The parts of {@link VerifyPartsBenchmark}, each in its own loop. */
    private static List<Operation> partsOf(VerifyPartsBenchmark part) {
        return List.of(
                new Operation("clock", new Loop() {
                    @Override
                    void run(int n, Blackhole blackhole) {
                        for (int k = 0; k < n; k++) {
                            blackhole.consume(part.clock());
                        }
                    }
                }),
                new Operation("parse", new Loop() {
                    @Override
                    void run(int n, Blackhole blackhole) {
                        for (int k = 0; k < n; k++) {
                            blackhole.consume(part.parse());
                        }
                    }
                }),
                new Operation("parseAndFingerprint", new Loop() {
                    @Override
                    void run(int n, Blackhole blackhole) {
                        for (int k = 0; k < n; k++) {
                            blackhole.consume(part.parseAndFingerprint());
                        }
                    }
                }),
                new Operation("lookups", new Loop() {
                    @Override
                    void run(int n, Blackhole blackhole) {
                        for (int k = 0; k < n; k++) {
                            blackhole.consume(part.lookups());
                        }
                    }
                }),
                new Operation("serviceVerify", new Loop() {
                    @Override
                    void run(int n, Blackhole blackhole) {
                        for (int k = 0; k < n; k++) {
                            blackhole.consume(part.serviceVerify());
                        }
                    }
                }),
                new Operation("meteredVerify", new Loop() {
                    @Override
                    void run(int n, Blackhole blackhole) {
                        for (int k = 0; k < n; k++) {
                            blackhole.consume(part.meteredVerify());
                        }
                    }
                }));
    }

    private static void turns(List<Operation> operations, int[] batch, Blackhole blackhole, long nanos, List<double[]> slices) {
        long end = System.nanoTime() + nanos;
        while (System.nanoTime() < end) {
            double[] slice = new double[operations.size()];
            for (int i = 0; i < operations.size(); i++) {
                int n = batch[i];
                long start = System.nanoTime();
                operations.get(i).loop().run(n, blackhole);
                long took = System.nanoTime() - start;
                slice[i] = (double) took / n;
                batch[i] = (int) Math.max(100, Math.min(1_000_000, (double) n * SLICE_NANOS / Math.max(1, took)));
            }
            if (slices != null) {
                slices.add(slice);
            }
        }
    }

    private static void report(List<Operation> operations, List<double[]> slices) {
        System.out.printf(Locale.ROOT, "%d turns of %d operations, about %d ms each%n", slices.size(), operations.size(),
                TimeUnit.NANOSECONDS.toMillis(SLICE_NANOS));
        for (int i = 0; i < operations.size(); i++) {
            int op = i;
            double[] times = slices.stream().mapToDouble(slice -> slice[op]).sorted().toArray();
            double[] ratios = slices.stream().mapToDouble(slice -> slice[op] / slice[0]).sorted().toArray();
            System.out.printf(Locale.ROOT, "%-20s %8.1f ns/op (quartiles %.1f-%.1f)   %5.2fx %s (quartiles %.2f-%.2f)%n",
                    operations.get(i).name(), quantile(times, 0.5), quantile(times, 0.25), quantile(times, 0.75),
                    quantile(ratios, 0.5), operations.get(0).name(), quantile(ratios, 0.25), quantile(ratios, 0.75));
        }
    }

    private static double quantile(double[] sorted, double q) {
        return sorted[(int) Math.min(sorted.length - 1, Math.round(q * (sorted.length - 1)))];
    }
}
