"""How the model side looks to people: the server's models, pulls, the health check, the call log, the cache."""

from __future__ import annotations

from reflee import output
from reflee.i18n import N_, _
from reflee.llm.models import CacheCleared, CacheStats, CallRecord, DoctorReport, ModelList, PullResult


def listing(models: ModelList) -> None:
    if not models.models:
        output.info(_("The server has no models. Pull one with: reflee model pull gemma3:4b"))
        return
    output.table(
        ["", _("Model"), _("Size"), _("Params"), _("Quant")],
        (
            (
                "[green]●[/]" if m.configured else " ",
                f"[bold]{output.escape(m.info.name)}[/]" if m.configured else output.escape(m.info.name),
                f"{m.info.size_bytes / 1e9:.1f} GB" if m.info.size_bytes else "",
                m.info.parameter_size or "",
                m.info.quantization or "",
            )
            for m in models.models
        ),
    )
    if not models.has_configured:
        setting = models.configured
        output.info(
            _("[yellow]the configured model {setting!r} is not on the server[/]: reflee model pull {setting}").format(
                setting=setting
            )
        )


def pulled(result: PullResult) -> None:
    output.info(_("[green]pulled[/] {model}").format(model=result.model))


MARKS = {"ok": "[green]✓[/]", "warn": "[yellow]![/]", "fail": "[red]✗[/]"}
CHECK_NAMES = (N_("server"), N_("server address"), N_("model"), N_("context"), N_("feedback queue"))
"""The doctor's check codes, shown in the interface language."""


def doctor(report: DoctorReport) -> None:
    con = output.console()
    for c in report.checks:
        con.print(f"{MARKS[c.status]} [bold]{_(c.name)}[/]: {output.escape(c.detail)}")
        if c.fix and c.status != "ok":
            con.print(_("    fix: [bold]{escape}[/]").format(escape=output.escape(c.fix)))


def calls(records: list[CallRecord]) -> None:
    if not records:
        output.info(_("No model calls yet."))
        return
    output.table(
        [
            _("When"),
            _("Model"),
            _("Purpose"),
            (_("Tokens in/out"), {"justify": "right"}),
            (_("ms"), {"justify": "right"}),
            (_("Result"), {"ratio": 1}),
        ],
        (
            (
                output.local_time(c.created_at),
                output.escape(c.model),
                c.purpose,
                f"{c.prompt_tokens or '-'}/{c.completion_tokens or '-'}",
                f"{c.wall_ms:,.0f}",
                f"[red]{output.escape(c.error)}[/]" if c.error else output.escape(answer_preview(c.response or "")),
            )
            for c in records
        ),
    )


def cache_stats(st: CacheStats) -> None:
    output.console().print(
        _(
            "{entries} entries, {size_bytes:,} bytes, {hits} hits / {misses} misses, TTL {ttl_days} "
            "days\n[dim]{path}[/]"
        ).format(
            entries=st.entries,
            size_bytes=st.size_bytes,
            hits=st.hits,
            misses=st.misses,
            ttl_days=st.ttl_days,
            path=st.path,
        )
    )


def cache_cleared(result: CacheCleared) -> None:
    output.info(_("Removed {removed} cached answer(s).").format(removed=result.removed))


def answer_preview(response: str, width: int = 50) -> str:
    """What an answer says, in one short line: a JSON answer's summary (or its text with the whitespace folded),
    never the lone '{' a pretty-printed object starts with."""
    import json

    try:
        data = json.loads(response)
    except ValueError:
        data = None
    if isinstance(data, dict) and isinstance(data.get("summary"), str):
        text = data["summary"]
    else:
        text = " ".join(response.split())
    return text if len(text) <= width else text[: width - 1] + "…"
