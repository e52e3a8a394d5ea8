"""Metrics, their samples per implementation, and how each is judged.

A scenario records samples (one per run) or a reason it could not measure; the table
reads medians, min and max from here. Each metric knows whether lower or higher is
better, which machine limit it is a fraction of (if any), its target for ours, and which
values are sane at all (what the smoke run checks: never a speed).
"""
import math
import statistics

IMPLEMENTATIONS = ("python", "ours")

# What a sane sample of a metric is, whatever the machine's speed.
SANE = {
    "positive": (lambda v: v > 0, "> 0"),          # a time, a rate, a size
    "nonnegative": (lambda v: v >= 0, ">= 0"),     # CPU or wake-ups that may well be none
    "zero": (lambda v: v == 0, "0"),               # bytes lost, corrupted runs
    "finite": (lambda v: True, "finite"),          # a difference that noise may make negative
}


class Metric:
    def __init__(self, key, label, unit, better="lower", digits=1, limit=None, target=None, sane="positive",
                 ours_only=False):
        """limit: (limit name, fn(limit value) -> ideal metric value) for the '% of limit' column;
        target: (text, fn(ours median, python median, limits) -> bool or None);
        sane: a key of SANE, the rule every sample must keep (on top of being finite);
        ours_only: a feature Python's supervisord lacks, so its column stays empty."""
        self.key, self.label, self.unit = key, label, unit
        self.ours_only = ours_only
        self.better, self.digits = better, digits
        self.limit, self.target = limit, target
        self.sane = sane

    def fraction_of_limit(self, value, limits):
        """How close a value comes to what the machine allows: 1.0 = at the limit."""
        if self.limit is None or value is None:
            return None
        ideal = limits.get(self.limit[0])
        if ideal is None:
            return None
        ideal = self.limit[1](ideal)
        if self.better == "lower":
            return ideal / value if value > 0 else None
        return value / ideal if ideal > 0 else None


class Samples:
    def __init__(self):
        self.values, self.failure = [], None

    def summary(self):
        """(median, min, max) or None."""
        if not self.values:
            return None
        return statistics.median(self.values), min(self.values), max(self.values)


class Results:
    def __init__(self):
        self.metrics = {}                       # key -> Metric, in the order declared
        self.samples = {}                       # (key, impl) -> Samples
        self.limits = {}                        # limit name -> median value
        self.limit_samples = {}                 # limit name -> Samples

    def declare(self, metric):
        self.metrics.setdefault(metric.key, metric)
        return metric

    def _slot(self, key, impl):
        return self.samples.setdefault((key, impl), Samples())

    def add(self, key, impl, value):
        self._slot(key, impl).values.append(float(value))

    def fail(self, key, impl, reason):
        """Keeps the first reason: later runs usually fail the same way."""
        slot = self._slot(key, impl)
        if slot.failure is None:
            slot.failure = " ".join(str(reason).split())[:150]

    def summary(self, key, impl):
        slot = self.samples.get((key, impl))
        return slot.summary() if slot else None

    def failure(self, key, impl):
        slot = self.samples.get((key, impl))
        if slot is None:
            return "not measured"
        return slot.failure or ("not measured" if not slot.values else None)

    def add_limit(self, name, value):
        slot = self.limit_samples.setdefault(name, Samples())
        slot.values.append(float(value))
        self.limits[name] = slot.summary()[0]

    def insane(self, implementations):
        """(what, problem) for every metric an implementation did not measure or measured as
        nonsense (not finite, or breaking the metric's sanity rule), and every machine limit
        that is not a finite positive number. Speed is never judged here."""
        problems = []
        for key, metric in self.metrics.items():
            check, rule = SANE[metric.sane]
            for impl in implementations:
                if metric.ours_only and impl != "ours":
                    continue
                slot = self.samples.get((key, impl))
                if slot is None or not slot.values:
                    problems.append((f"{key} ({impl})", f"not measured: {self.failure(key, impl)}"))
                    continue
                bad = [v for v in slot.values if not math.isfinite(v) or not check(v)]
                if bad:
                    problems.append((f"{key} ({impl})", f"{bad} is not {rule}"))
        for name, slot in self.limit_samples.items():
            bad = [v for v in slot.values if not math.isfinite(v) or v <= 0]
            if bad:
                problems.append((f"limit {name}", f"{bad} is not > 0"))
        return problems

    def python_failures(self):
        """Metrics Python's supervisord could not produce: that means the harness is broken."""
        return [(key, self.failure(key, "python")) for key, metric in self.metrics.items()
                if not metric.ours_only and self.summary(key, "python") is None]
