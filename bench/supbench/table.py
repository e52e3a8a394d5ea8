"""The results as one markdown table (plus the machine limits it is measured against)."""
import math


def _number(value, digits):
    if value is None:
        return "?"
    if value == 0:
        return "0"
    if abs(value) >= 100:
        return f"{value:,.0f}"
    if abs(value) < 10 ** -digits:
        return f"{value:.2g}"
    return f"{value:,.{digits}f}"


def _cell(results, metric, impl):
    summary = results.summary(metric.key, impl)
    if summary is None:
        return f"n/a ({results.failure(metric.key, impl)})"
    median, low, high = summary
    text = _number(median, metric.digits)
    if low != high:
        text += f" [{_number(low, metric.digits)}–{_number(high, metric.digits)}]"
    return text


def _ratio(metric, python, ours):
    """How many times better ours is than Python: >1 means ours wins."""
    if python is None or ours is None:
        return ""
    if python == ours:
        return "="
    if metric.better == "lower":
        return "∞" if ours == 0 else f"{python / ours:,.2f}×" if python / ours < 100 else f"{python / ours:,.0f}×"
    if python == 0:
        return "∞"
    return f"{ours / python:,.2f}×"


def _percent(fraction):
    if fraction is None or math.isinf(fraction):
        return ""
    return f"{fraction * 100:.0f}%"


def render(results):
    lines = [
        "| metric | unit | Python 4.2.5 median [min–max] | ours median [min–max] | ours better by | "
        "Python % of limit | ours % of limit | target (ours) | met |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for metric in results.metrics.values():
        py = results.summary(metric.key, "python")
        ours = results.summary(metric.key, "ours")
        py_median = py[0] if py else None
        ours_median = ours[0] if ours else None
        target_text, verdict = "", ""
        if metric.target:
            target_text = metric.target[0]
            if ours_median is not None:
                met = metric.target[1](ours_median, py_median, results.limits)
                verdict = "" if met is None else ("yes" if met else "**no**")
        lines.append("| " + " | ".join([
            metric.label, metric.unit, _cell(results, metric, "python"), _cell(results, metric, "ours"),
            _ratio(metric, py_median, ours_median),
            _percent(metric.fraction_of_limit(py_median, results.limits)),
            _percent(metric.fraction_of_limit(ours_median, results.limits)),
            target_text, verdict]) + " |")
    return "\n".join(lines)


LIMIT_LABELS = {
    "fork_exec_per_s": ("fork+exec+wait of /bin/true", "per s"),
    "posix_spawn_per_s": ("posix_spawn+wait of /bin/true", "per s"),
    "pipe_copy_mb_per_s": ("pipe-to-file copy", "MB/s"),
    "pipe_copy_cpu_s_per_gb": ("pipe-to-file copy, copier CPU", "s per GB"),
    "harness_exec_floor_ms": ("harness: run /bin/true and wait (floor of ctl timings)", "ms"),
    "rpc_floor_keepalive_ms": ("harness: getState from a do-nothing server, kept-alive (RPC floor)", "ms"),
    "rpc_floor_newconn_ms": ("harness: getState from a do-nothing server, new connection (RPC floor)", "ms"),
}


def render_limits(results):
    lines = ["| machine limit (C probe) | unit | median [min–max] |", "|---|---|---|"]
    for name, slot in results.limit_samples.items():
        label, unit = LIMIT_LABELS.get(name, (name, ""))
        median, low, high = slot.summary()
        lines.append(f"| {label} | {unit} | {_number(median, 2)} [{_number(low, 2)}–{_number(high, 2)}] |")
    return "\n".join(lines)
