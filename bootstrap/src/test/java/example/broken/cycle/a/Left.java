package example.broken.cycle.a;

import example.broken.cycle.b.Right;

/** One half of a package cycle. */
public class Left {

    Right right;
}
