"""The figures as a plain-text table and as Markdown (to paste into bench/README.md)."""

from __future__ import annotations

from dataclasses import dataclass, field

from bench.load import LoadResult
from bench.rawsql import RawResult

TARGET_CREATE_RPS = 500.0
TARGET_READ_P99_MS = 50.0
TARGET_RSS_MIB = 150.0


@dataclass
class Row:
    scenario: str
    workers: str
    http: LoadResult | None = None
    raw: RawResult | None = None
    sql_per_request: int | None = None  # statements the app runs (first request)
    in_process_ms: float | None = None  # one request at a time, no HTTP
    others_http: float | None = None  # CPU cores used by other processes meanwhile

    def summary(self) -> str:
        h = self.http
        if h is None:
            return self.scenario
        return (
            f"{self.scenario} (workers={self.workers}): {h.rps:,.0f} req/s, p50 {h.p50_ms:.1f} "
            f"ms, p99 {h.p99_ms:.1f} ms, errors {h.errors}, others' CPU {self.others_http:.2f}"
        )


@dataclass
class Report:
    facts: dict[str, str]
    rows: list[Row] = field(default_factory=list)
    rss_mib: dict[str, list[float]] = field(default_factory=dict)  # per workers setting
    duration: int = 0
    notes: list[str] = field(default_factory=list)

    HEADERS = (
        "scenario",
        "workers",
        "req/s",
        "p50 ms",
        "p90 ms",
        "p99 ms",
        "errors",
        "raw SQL ops/s",
        "raw p50 ms",
        "raw p99 ms",
        "SQL/req app",
        "SQL/op raw",
        "in-process ms/req",
        "others' CPU http/raw",
    )

    def _cells(self, row: Row) -> list[str]:
        h, r = row.http, row.raw

        def f(value: float | None, fmt: str = "{:.1f}") -> str:
            return "–" if value is None else fmt.format(value)

        return [
            row.scenario,
            row.workers,
            f(h.rps if h else None, "{:,.0f}"),
            f(h.p50_ms if h else None),
            f(h.p90_ms if h else None),
            f(h.p99_ms if h else None),
            "–" if h is None else f"{h.errors:,}" + (f" ({h.non_2xx} non-2xx)" if h.errors else ""),
            f(r.rate if r else None, "{:,.0f}"),
            f(r.p50_ms if r else None, "{:.2f}"),
            f(r.p99_ms if r else None, "{:.2f}"),
            "–" if row.sql_per_request is None else str(row.sql_per_request),
            f(r.statements_per_op if r else None, "{:.1f}"),
            f(row.in_process_ms),
            f"{f(row.others_http, '{:.2f}')} / {f(r.others if r else None, '{:.2f}')}",
        ]

    def memory_lines(self) -> list[str]:
        return [
            f"workers={k}: worker RSS after the run max {max(v):.0f} MiB "
            f"(all: {', '.join(f'{x:.0f}' for x in v)})"
            for k, v in self.rss_mib.items()
            if v
        ]

    def verdicts(self) -> list[str]:
        out = []
        creates = [r for r in self.rows if r.scenario == "create" and r.http]
        if creates:
            best = max(creates, key=lambda r: r.http.rps)  # type: ignore[union-attr]
            rps = best.http.rps  # type: ignore[union-attr]
            out.append(
                f"create ≥ {TARGET_CREATE_RPS:.0f} req/s: best {rps:,.0f} req/s "
                f"(workers={best.workers}) → {'MET' if rps >= TARGET_CREATE_RPS else 'MISSED'}"
            )
        for name in ("list", "detail"):
            rows = [r for r in self.rows if r.scenario == name and r.http]
            if rows:
                best = min(rows, key=lambda r: r.http.p99_ms)  # type: ignore[union-attr]
                p99 = best.http.p99_ms  # type: ignore[union-attr]
                out.append(
                    f"{name} p99 < {TARGET_READ_P99_MS:.0f} ms: best {p99:.1f} ms "
                    f"(workers={best.workers}) → "
                    f"{'MET' if p99 < TARGET_READ_P99_MS else 'MISSED'}"
                )
        all_rss = [x for v in self.rss_mib.values() for x in v]
        if all_rss:
            out.append(
                f"worker RSS < {TARGET_RSS_MIB:.0f} MB: max {max(all_rss):.0f} MiB → "
                f"{'MET' if max(all_rss) < TARGET_RSS_MIB else 'MISSED'}"
            )
        return out

    def text(self) -> str:
        cells = [list(self.HEADERS)] + [self._cells(r) for r in self.rows]
        widths = [max(len(c[i]) for c in cells) for i in range(len(self.HEADERS))]
        lines = ["  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)) for row in cells]
        lines.insert(1, "  ".join("-" * w for w in widths))
        return "\n".join(
            [
                *(f"{k}: {v}" for k, v in self.facts.items()),
                f"load: 16 connections, {self.duration} s per scenario",
                "",
                *lines,
                "",
                *self.memory_lines(),
                "",
                *self.verdicts(),
                *self.notes,
            ]
        )

    def markdown(self) -> str:
        head = "| " + " | ".join(self.HEADERS) + " |"
        rule = "|" + "|".join("---" for _ in self.HEADERS) + "|"
        body = ["| " + " | ".join(self._cells(r)) + " |" for r in self.rows]
        facts = [f"| {k} | {v} |" for k, v in self.facts.items()]
        return "\n".join(
            [
                "| machine | |",
                "|---|---|",
                *facts,
                f"| load | 16 connections, {self.duration} s per scenario |",
                "",
                head,
                rule,
                *body,
                "",
                *(f"- {line}" for line in self.memory_lines()),
                "",
                *(f"- {line}" for line in self.verdicts()),
                *(f"- {line}" for line in self.notes),
            ]
        )
