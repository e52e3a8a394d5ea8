"""Scenario families. Each module has declare(ctx) for its metrics and a measuring function."""
import traceback


def guarded(ctx, impl_name, keys, action):
    """Runs action(); on any error every metric in keys becomes n/a with the reason.
    Returns whether action succeeded."""
    try:
        action()
        return True
    except Exception as error:  # a scenario failing must not stop the others
        reason = f"{type(error).__name__}: {error}"
        ctx.log(f"{impl_name}: {', '.join(keys)[:80]}: {reason}")
        if ctx.verbose:
            traceback.print_exc()
        for key in keys:
            ctx.results.fail(key, impl_name, reason)
        return False
