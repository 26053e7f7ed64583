package example.broken.adapters.web;

import jakarta.inject.Inject;

/** Breaks "no field injection". */
public class FieldInjected {

    @Inject
    Object dependency;
}
