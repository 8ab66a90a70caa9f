from ewg.history import save_with_history as save  # noqa: F401 - the services of this package import it from here
