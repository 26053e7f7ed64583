package example.broken.cycle.b;

import example.broken.cycle.a.Left;

/** The other half of a package cycle. */
public class Right {

    Left left;
}
